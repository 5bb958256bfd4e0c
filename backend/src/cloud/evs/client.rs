//! The typed EVS client. Every call is built from the account's endpoint and a fixed route (only
//! an already-validated id varies), signed with `SDK-HMAC-SHA256`, and sent with reqwest.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{encode_component, ListQuery, Provider, SnapshotPage};
use shared::evs::{
    CreateSnapshotRequest, EvsError, NewSnapshot, SnapshotChanges, SnapshotEnvelope, SnapshotList,
    UpdateSnapshotRequest,
};
use shared::validate::{self, Field, FieldError, Problem};
use shared::volume::VolumeList;
use shared::Snapshot;
use url::Url;

use crate::cloud::error::CloudError;
use crate::cloud::evs::signer;
use crate::cloud::http::{host_header, transport_error, upstream_request_id};
use crate::cloud::signing::unix_now;
use crate::config::{AccountConfig, Credentials};

/// Which path serves "show one snapshot" in this account's region.
const SHOW_UNKNOWN: u8 = 0;
const SHOW_CLOUDSNAPSHOTS: u8 = 1;
const SHOW_NATIVE: u8 = 2;

/// Most volumes the picker lists in one call.
const VOLUME_PAGE: u64 = 1000;

#[derive(Clone)]
pub struct EvsClient {
    http: reqwest::Client,
    endpoint: Url,
    project_id: String,
    credentials: Credentials,
    /// Learned on the first show call: `cloudsnapshots/{id}` is only served in some regions.
    show_route: Arc<AtomicU8>,
}

impl std::fmt::Debug for EvsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EvsClient")
            .field("endpoint", &self.endpoint.as_str())
            .field("project_id", &self.project_id)
            .finish_non_exhaustive()
    }
}

/// One fixed EVS route with its variable parts already checked.
struct Call<'a> {
    method: Method,
    /// Path segments after the endpoint; ids among them are validated by the caller.
    path: String,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    operation: &'a str,
}

impl EvsClient {
    pub fn new(account: &AccountConfig, http: reqwest::Client) -> Result<Self, CloudError> {
        let project_id = account.project_id.clone().ok_or_else(|| {
            CloudError::Invalid(vec![FieldError::new(Field::ProjectId, Problem::Required)])
        })?;
        Ok(Self {
            http,
            endpoint: account.endpoint.clone(),
            project_id,
            credentials: account.credentials.clone(),
            show_route: Arc::new(AtomicU8::new(SHOW_UNKNOWN)),
        })
    }

    /// `GET /v2/{project_id}/snapshots/detail`.
    pub async fn list_snapshots(&self, query: &ListQuery) -> Result<SnapshotPage, CloudError> {
        let mut unsupported = Vec::new();
        if query.disk_usage.is_some() {
            unsupported.push(FieldError::new(Field::DiskUsage, Problem::Unsupported));
        }
        if query.project_id.is_some() {
            unsupported.push(FieldError::new(Field::ProjectId, Problem::Unsupported));
        }
        if !unsupported.is_empty() {
            return Err(CloudError::Invalid(unsupported));
        }
        let pairs = query
            .to_pairs()
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect();
        let list: SnapshotList = self
            .send(Call {
                method: Method::GET,
                path: format!("v2/{}/snapshots/detail", self.project_id),
                query: pairs,
                body: None,
                operation: "list_snapshots",
            })
            .await?;
        let next_marker = list
            .next_marker()
            .filter(|marker| validate::is_safe_id(marker));
        Ok(SnapshotPage {
            snapshots: list.snapshots,
            next_marker,
            total_count: None,
        })
    }

    /// `GET /v2/{project_id}/cloudsnapshots/{id}` where the region serves it, else the
    /// OpenStack-native `GET /v2/{project_id}/snapshots/{id}`.
    pub async fn get_snapshot(&self, id: &str) -> Result<Snapshot, CloudError> {
        check_id(Field::SnapshotId, id)?;
        if self.show_route.load(Ordering::Relaxed) != SHOW_NATIVE {
            let call = self.show_call(id, "cloudsnapshots");
            match self.send::<SnapshotEnvelope>(call).await {
                Ok(envelope) => {
                    self.show_route
                        .store(SHOW_CLOUDSNAPSHOTS, Ordering::Relaxed);
                    return Ok(envelope.snapshot);
                }
                Err(RouteOr::Missing) => {
                    tracing::info!(
                        "cloudsnapshots/{{id}} is not served here; using snapshots/{{id}}"
                    );
                    self.show_route.store(SHOW_NATIVE, Ordering::Relaxed);
                }
                Err(RouteOr::Cloud(error)) => return Err(error),
            }
        }
        let envelope: SnapshotEnvelope = self.send(self.show_call(id, "snapshots")).await?;
        Ok(envelope.snapshot)
    }

    fn show_call(&self, id: &str, family: &str) -> Call<'static> {
        Call {
            method: Method::GET,
            path: format!("v2/{}/{family}/{}", self.project_id, encode_component(id)),
            query: Vec::new(),
            body: None,
            operation: "get_snapshot",
        }
    }

    /// `POST /v2/{project_id}/snapshots` → 202 with the new snapshot, `creating`.
    pub async fn create_snapshot(&self, new: &NewSnapshot) -> Result<Snapshot, CloudError> {
        let problems = new.problems();
        if !problems.is_empty() {
            return Err(CloudError::Invalid(problems));
        }
        let body = json_body(&CreateSnapshotRequest {
            snapshot: new.clone(),
        })?;
        let envelope: SnapshotEnvelope = self
            .send(Call {
                method: Method::POST,
                path: format!("v2/{}/snapshots", self.project_id),
                query: Vec::new(),
                body: Some(body),
                operation: "create_snapshot",
            })
            .await?;
        Ok(envelope.snapshot)
    }

    /// `PUT /v3/{project_id}/snapshots/{id}`.
    pub async fn update_snapshot(
        &self,
        id: &str,
        changes: &SnapshotChanges,
    ) -> Result<Snapshot, CloudError> {
        check_id(Field::SnapshotId, id)?;
        let problems = changes.problems();
        if !problems.is_empty() {
            return Err(CloudError::Invalid(problems));
        }
        let body = json_body(&UpdateSnapshotRequest {
            snapshot: changes.clone(),
        })?;
        let envelope: SnapshotEnvelope = self
            .send(Call {
                method: Method::PUT,
                path: format!("v3/{}/snapshots/{}", self.project_id, encode_component(id)),
                query: Vec::new(),
                body: Some(body),
                operation: "update_snapshot",
            })
            .await?;
        Ok(envelope.snapshot)
    }

    /// `GET /v2/{project_id}/cloudvolumes/detail`, for the volume picker.
    pub async fn list_volumes(&self) -> Result<VolumeList, CloudError> {
        Ok(self
            .send(Call {
                method: Method::GET,
                path: format!("v2/{}/cloudvolumes/detail", self.project_id),
                query: vec![("limit".to_owned(), VOLUME_PAGE.to_string())],
                body: None,
                operation: "list_volumes",
            })
            .await?)
    }

    /// Signs and sends one call, and reads the reply as `T` or as an error.
    async fn send<T: DeserializeOwned>(&self, call: Call<'_>) -> Result<T, RouteOr> {
        let host = host_header(&self.endpoint);
        let path = format!("/{}", call.path);
        let body = call.body.unwrap_or_default();
        let headers = vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("X-Project-Id".to_owned(), self.project_id.clone()),
        ];
        let signed = signer::sign(
            &signer::Request {
                method: call.method.as_str(),
                host: &host,
                path: &path,
                query: &call.query,
                headers: &headers,
                body: &body,
            },
            self.credentials.access_key.expose(),
            self.credentials.secret_key.expose(),
            &signer::sdk_date(unix_now()),
        );
        let mut url = self.endpoint.clone();
        url.set_path(&path);
        url.set_query((!signed.wire_query.is_empty()).then_some(signed.wire_query.as_str()));

        let mut request = self.http.request(call.method.clone(), url);
        for (name, value) in &signed.headers {
            // reqwest derives Host from the URL: the same host[:port] that was signed.
            if !name.eq_ignore_ascii_case("host") {
                request = request.header(name.as_str(), value.as_str());
            }
        }
        let started = std::time::Instant::now();
        let response = request
            .body(body)
            .send()
            .await
            .map_err(|error| RouteOr::Cloud(transport_error(error)))?;
        let status = response.status();
        let upstream = upstream_request_id(response.headers());
        let bytes = response
            .bytes()
            .await
            .map_err(|error| RouteOr::Cloud(transport_error(error)))?;
        tracing::info!(
            provider = Provider::Evs.as_str(),
            operation = call.operation,
            status = status.as_u16(),
            upstream_request_id = upstream.as_deref().unwrap_or("-"),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "EVS call"
        );
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|error| {
                RouteOr::Cloud(CloudError::BadReply {
                    status: status.as_u16(),
                    detail: format!("{} reply: {error}", call.operation),
                    upstream_request_id: upstream,
                })
            });
        }
        Err(classify_failure(status.as_u16(), &bytes, upstream))
    }
}

/// A failed call: an EVS error, or a 404 from a route this region does not serve.
enum RouteOr {
    Missing,
    Cloud(CloudError),
}

impl From<RouteOr> for CloudError {
    fn from(value: RouteOr) -> Self {
        match value {
            RouteOr::Cloud(error) => error,
            RouteOr::Missing => CloudError::Refused {
                status: 404,
                code: "APIG.0101".to_owned(),
                message: "EVS does not serve this call in this region.".to_owned(),
                upstream_request_id: None,
            },
        }
    }
}

fn classify_failure(status: u16, body: &[u8], upstream: Option<String>) -> RouteOr {
    match EvsError::parse(body) {
        Some(error) if error.kind == "APIG" => {
            if status == 404 || error.code == "APIG.0101" {
                // The gateway has no such route: the resource may exist under another path.
                RouteOr::Missing
            } else if status == 401 || status == 403 || is_credential_code(&error.code) {
                RouteOr::Cloud(CloudError::CredentialsRejected {
                    code: error.code,
                    message: error.message,
                    upstream_request_id: upstream,
                })
            } else {
                RouteOr::Cloud(CloudError::Refused {
                    status,
                    code: error.code,
                    message: error.message,
                    upstream_request_id: upstream,
                })
            }
        }
        Some(error) => RouteOr::Cloud(CloudError::Refused {
            status,
            code: error.code,
            message: error.message,
            upstream_request_id: upstream,
        }),
        None if status == 404 => RouteOr::Missing,
        None => RouteOr::Cloud(CloudError::BadReply {
            status,
            detail: format!(
                "HTTP {status} with a body that is not an EVS error ({} bytes)",
                body.len()
            ),
            upstream_request_id: upstream,
        }),
    }
}

/// Gateway codes that mean the keys or the signature were refused.
fn is_credential_code(code: &str) -> bool {
    matches!(
        code,
        "APIG.0301" | "APIG.0302" | "APIG.0303" | "APIG.0304" | "APIG.0305" | "APIG.0307"
    )
}

fn check_id(field: Field, id: &str) -> Result<(), CloudError> {
    validate::check_id(field, id).map_err(|error| CloudError::Invalid(vec![error]))
}

fn json_body<T: Serialize>(value: &T) -> Result<Vec<u8>, RouteOr> {
    serde_json::to_vec(value).map_err(|error| {
        RouteOr::Cloud(CloudError::Invalid(vec![FieldError::new(
            Field::Body,
            Problem::Malformed {
                detail: error.to_string(),
            },
        )]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_classified() {
        let missing =
            br#"{"itemNotFound": {"message": "snapshot x not found", "code": "EVS.4001"}}"#;
        assert!(matches!(
            classify_failure(404, missing, None),
            RouteOr::Cloud(CloudError::Refused { status: 404, .. })
        ));
        let no_route = br#"{"error_code": "APIG.0101", "error_msg": "The API does not exist"}"#;
        assert!(matches!(
            classify_failure(404, no_route, None),
            RouteOr::Missing
        ));
        let bad_sig = br#"{"error_code": "APIG.0301", "error_msg": "Incorrect IAM authentication information"}"#;
        assert!(matches!(
            classify_failure(401, bad_sig, Some("r".into())),
            RouteOr::Cloud(CloudError::CredentialsRejected { .. })
        ));
        assert!(matches!(
            classify_failure(500, b"<html>oops</html>", None),
            RouteOr::Cloud(CloudError::BadReply { status: 500, .. })
        ));
    }
}
