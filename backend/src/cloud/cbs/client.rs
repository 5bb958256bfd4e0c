//! The typed CBS client: `DescribeSnapshots` over API 3.0 (default) or the seed's API 2.0,
//! signed, its answers mapped onto the shared snapshot model.
//!
//! Logged: the action, the upstream `RequestId` and Tencent's error code. Never logged: keys,
//! the `Authorization` header, or a 2.0 URL (its query carries the signature).

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use shared::api::{ListQuery, SnapshotPage};
use shared::cbs::{self, DescribeSnapshotsRequest, DescribeSnapshotsResponse, SnapshotV2};
use shared::validate::{Field, FieldError, Problem};
use shared::Snapshot;
use url::Url;

use super::{map, reply, request, signer_v2, signer_v3};
use crate::cloud::error::CloudError;
use crate::cloud::http::{host_header, transport_error};
use crate::cloud::signing::unix_now;
use crate::config::{AccountConfig, CbsApi, Credentials};

/// The service name in API 3.0's credential scope.
const SERVICE: &str = "cbs";
/// API 2.0's one path.
const V2_PATH: &str = "/v2/index.php";
const JSON: &str = "application/json";

/// One CBS account's client. Cheap to clone; `Debug` shows no key.
#[derive(Debug, Clone)]
pub struct CbsClient {
    http: reqwest::Client,
    endpoint: Url,
    region: String,
    api: CbsApi,
    credentials: Credentials,
}

impl CbsClient {
    pub fn new(account: &AccountConfig, http: reqwest::Client) -> Self {
        Self {
            http,
            endpoint: account.endpoint.clone(),
            region: account.region.clone(),
            api: account.cbs_api,
            credentials: account.credentials.clone(),
        }
    }

    /// One numbered page (`offset`/`limit` ≤ 100) of the account's snapshots, newest first, with
    /// the total. CBS has no `marker`; API 2.0 cannot filter by name or status.
    pub async fn list_snapshots(&self, query: &ListQuery) -> Result<SnapshotPage, CloudError> {
        let (total_count, snapshots) = match self.api {
            CbsApi::V3 => {
                let request = request::v3_list(query).map_err(CloudError::Invalid)?;
                let reply = self.call_v3(&request).await?;
                let snapshots = reply
                    .snapshot_set
                    .into_iter()
                    .map(map::snapshot_from_v3)
                    .collect();
                (reply.total_count, snapshots)
            }
            CbsApi::V2 => {
                let params = request::v2_list(query).map_err(CloudError::Invalid)?;
                let (total_count, snapshots) = self.call_v2(params).await?;
                let snapshots = snapshots.into_iter().map(map::snapshot_from_v2).collect();
                (total_count, snapshots)
            }
        };
        Ok(SnapshotPage {
            snapshots,
            next_marker: None,
            total_count: Some(total_count),
        })
    }

    /// One snapshot by id; an id CBS does not know is a 404 `ResourceNotFound.SnapshotNotExist`.
    pub async fn get_snapshot(&self, id: &str) -> Result<Snapshot, CloudError> {
        let (found, upstream_request_id) = match self.api {
            CbsApi::V3 => {
                let request = request::v3_get(id).map_err(CloudError::Invalid)?;
                let reply = self.call_v3(&request).await?;
                let found = reply
                    .snapshot_set
                    .into_iter()
                    .find(|snapshot| snapshot.snapshot_id == id)
                    .map(map::snapshot_from_v3);
                (found, Some(reply.request_id))
            }
            CbsApi::V2 => {
                let params = request::v2_get(id).map_err(CloudError::Invalid)?;
                let (_, snapshots) = self.call_v2(params).await?;
                let found = snapshots
                    .into_iter()
                    .find(|snapshot| snapshot.snapshot_id == id)
                    .map(map::snapshot_from_v2);
                (found, None)
            }
        };
        found.ok_or_else(|| CloudError::Refused {
            status: 404,
            code: "ResourceNotFound.SnapshotNotExist".to_owned(),
            message: format!(
                "The snapshot {id} does not exist in region {}.",
                self.region
            ),
            upstream_request_id,
        })
    }

    /// API 3.0: POST the JSON body to `/`, signed over exactly those bytes.
    async fn call_v3(
        &self,
        request: &DescribeSnapshotsRequest,
    ) -> Result<DescribeSnapshotsResponse, CloudError> {
        let body = serde_json::to_vec(request).map_err(|error| {
            CloudError::Invalid(vec![FieldError::new(
                Field::Body,
                Problem::Malformed {
                    detail: error.to_string(),
                },
            )])
        })?;
        let host = host_header(&self.endpoint);
        let timestamp = unix_now();
        let signed = signer_v3::sign(
            &signer_v3::Request {
                method: "POST",
                host: &host,
                query: "",
                content_type: JSON,
                body: &body,
                service: SERVICE,
            },
            self.credentials.access_key.expose(),
            self.credentials.secret_key.expose(),
            timestamp,
        );
        let mut url = self.endpoint.clone();
        url.set_path("/");
        url.set_query(None);
        let response = self
            .http
            .post(url)
            .header(CONTENT_TYPE, JSON)
            .header(HOST, &host)
            .header("X-TC-Action", cbs::ACTION)
            .header("X-TC-Version", cbs::VERSION)
            .header("X-TC-Region", &self.region)
            .header("X-TC-Timestamp", timestamp.to_string())
            .header(AUTHORIZATION, signed.authorization)
            .body(body)
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(transport_error)?;
        match reply::read_v3(status, &bytes) {
            Ok(reply) => {
                tracing::info!(
                    action = cbs::ACTION,
                    upstream_request_id = %reply.request_id,
                    total_count = reply.total_count,
                    "CBS API 3.0 answered"
                );
                Ok(reply)
            }
            Err(error) => {
                log_refusal("3.0", &error);
                Err(error)
            }
        }
    }

    /// API 2.0: GET `/v2/index.php` with the common parameters, HmacSHA256-signed.
    async fn call_v2(
        &self,
        params: Vec<(String, String)>,
    ) -> Result<(u64, Vec<SnapshotV2>), CloudError> {
        let host = host_header(&self.endpoint);
        let nonce: u32 = rand::random::<u32>().max(1);
        let mut signed_params = vec![
            ("Action".to_owned(), cbs::ACTION.to_owned()),
            ("Region".to_owned(), self.region.clone()),
            ("Timestamp".to_owned(), unix_now().to_string()),
            ("Nonce".to_owned(), nonce.to_string()),
            (
                "SecretId".to_owned(),
                self.credentials.access_key.expose().to_owned(),
            ),
            ("SignatureMethod".to_owned(), "HmacSHA256".to_owned()),
        ];
        signed_params.extend(params);
        let signed = signer_v2::sign(
            "GET",
            &host,
            V2_PATH,
            &signed_params,
            self.credentials.secret_key.expose(),
        );
        let mut url = self.endpoint.clone();
        url.set_path(V2_PATH);
        url.set_query(Some(&signed.wire_query));
        let response = self
            .http
            .get(url)
            .header(HOST, &host)
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(transport_error)?;
        match reply::read_v2(status, &bytes) {
            Ok(found) => {
                tracing::info!(
                    action = cbs::ACTION,
                    total_count = found.0,
                    "CBS API 2.0 answered"
                );
                Ok(found)
            }
            Err(error) => {
                log_refusal("2.0", &error);
                Err(error)
            }
        }
    }
}

fn log_refusal(api: &str, error: &CloudError) {
    let upstream_request_id = error.upstream_request_id().unwrap_or("");
    match error {
        CloudError::CredentialsRejected { code, .. } | CloudError::Refused { code, .. } => {
            tracing::warn!(api, %code, upstream_request_id, "CBS refused DescribeSnapshots");
        }
        other => {
            tracing::warn!(api, error = %other, upstream_request_id, "CBS reply unreadable");
        }
    }
}
