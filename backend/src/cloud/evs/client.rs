//! The typed EVS client. Every call is built from the account's endpoint and a fixed route (only
//! an already-checked id varies), signed with `SDK-HMAC-SHA256` and sent through the one
//! pipeline ([`CloudHttp::send`]); replies are read as EVS's JSON and mapped onto the console's
//! models.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{encode_component, ListQuery, Provider, SnapshotPage};
use shared::lifecycle::RollbackRequest;
use shared::snapshot::{NewSnapshot, SnapshotChanges};
use shared::validate::{self, Field, FieldError, Problem};
use shared::volume::VolumeList;
use shared::{Operation, Snapshot, SnapshotId};
use url::Url;

use super::reply::{is_no_such_route, read_reply};
use super::{map, signer, wire};
use crate::cloud::error::CloudError;
use crate::cloud::http::{Call, CloudHttp, Sign, Signed};
use crate::cloud::signing::unix_now;
use crate::cloud::SnapshotPort;
use crate::config::Credentials;

/// What an EVS account offers: every operation the console has.
pub const OPERATIONS: &[Operation] = &Operation::ALL;

/// Which path serves "show one snapshot" in this account's region.
const SHOW_UNKNOWN: u8 = 0;
const SHOW_CLOUDSNAPSHOTS: u8 = 1;
const SHOW_NATIVE: u8 = 2;

/// Most volumes the picker lists in one call.
const VOLUME_PAGE: u64 = 1000;

#[derive(Clone)]
pub struct EvsClient {
    http: CloudHttp,
    endpoint: Url,
    project_id: String,
    signer: EvsSigner,
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

/// `SDK-HMAC-SHA256` over the call, with the account's keys.
#[derive(Clone)]
struct EvsSigner {
    credentials: Credentials,
}

impl Sign for EvsSigner {
    fn sign(&self, call: &Call, host: &str) -> Signed {
        let headers: Vec<(String, String)> = call
            .headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect();
        let signed = signer::sign(
            &signer::Request {
                method: call.method.as_str(),
                host,
                path: &call.path,
                query: &call.query,
                headers: &headers,
                body: &call.body,
            },
            self.credentials.access_key.expose(),
            self.credentials.secret_key.expose(),
            &signer::sdk_date(unix_now()),
        );
        Signed {
            headers: signed.headers,
            wire_query: signed.wire_query,
        }
    }
}

impl EvsClient {
    pub fn new(
        http: CloudHttp,
        endpoint: Url,
        project_id: String,
        credentials: Credentials,
    ) -> Self {
        Self {
            http,
            endpoint,
            project_id,
            signer: EvsSigner { credentials },
            show_route: Arc::new(AtomicU8::new(SHOW_UNKNOWN)),
        }
    }

    fn call(&self, operation: Operation, method: Method, path: String) -> Call {
        Call {
            operation,
            method,
            path,
            query: Vec::new(),
            headers: vec![
                ("Content-Type", "application/json".to_owned()),
                ("X-Project-Id", self.project_id.clone()),
            ],
            body: Vec::new(),
        }
    }

    fn show_call(&self, id: &SnapshotId, family: &str) -> Call {
        self.snapshot_call(Operation::GetSnapshot, Method::GET, id, family, "")
    }

    /// A call on one snapshot: `/v2/{project_id}/{family}/{id}{tail}`.
    fn snapshot_call(
        &self,
        operation: Operation,
        method: Method,
        id: &SnapshotId,
        family: &str,
        tail: &str,
    ) -> Call {
        self.call(
            operation,
            method,
            format!(
                "/v2/{}/{family}/{}{tail}",
                self.project_id,
                encode_component(id.as_str())
            ),
        )
    }

    /// Signs and sends one call, and reads the reply as `T` or as an EVS error.
    async fn send<T: DeserializeOwned>(&self, call: Call) -> Result<T, CloudError> {
        let operation = call.operation;
        self.http
            .send(Provider::Evs, &self.endpoint, &self.signer, call, |reply| {
                read_reply(operation, reply)
            })
            .await
    }
}

#[async_trait]
impl SnapshotPort for EvsClient {
    fn provider(&self) -> Provider {
        Provider::Evs
    }

    fn operations(&self) -> &'static [Operation] {
        OPERATIONS
    }

    /// `GET /v2/{project_id}/snapshots/detail`.
    async fn list_snapshots(&self, query: &ListQuery) -> Result<SnapshotPage, CloudError> {
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
        let mut call = self.call(
            Operation::ListSnapshots,
            Method::GET,
            format!("/v2/{}/snapshots/detail", self.project_id),
        );
        call.query = query
            .to_pairs()
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect();
        let list: wire::SnapshotList = self.send(call).await?;
        let next_marker = list
            .next_marker()
            .filter(|marker| validate::is_safe_id(marker));
        Ok(SnapshotPage {
            snapshots: list.snapshots.into_iter().map(map::snapshot).collect(),
            next_marker,
            total_count: None,
        })
    }

    /// `GET /v2/{project_id}/cloudsnapshots/{id}` where the region serves it, else the
    /// OpenStack-native `GET /v2/{project_id}/snapshots/{id}`.
    async fn get_snapshot(&self, id: &SnapshotId) -> Result<Snapshot, CloudError> {
        if self.show_route.load(Ordering::Relaxed) != SHOW_NATIVE {
            match self
                .send::<wire::SnapshotEnvelope>(self.show_call(id, "cloudsnapshots"))
                .await
            {
                Ok(envelope) => {
                    self.show_route
                        .store(SHOW_CLOUDSNAPSHOTS, Ordering::Relaxed);
                    return Ok(map::snapshot(envelope.snapshot));
                }
                Err(error) if is_no_such_route(&error) => {
                    tracing::info!(
                        "cloudsnapshots/{{id}} is not served here; using snapshots/{{id}}"
                    );
                    self.show_route.store(SHOW_NATIVE, Ordering::Relaxed);
                }
                Err(error) => return Err(error),
            }
        }
        let envelope: wire::SnapshotEnvelope = self.send(self.show_call(id, "snapshots")).await?;
        Ok(map::snapshot(envelope.snapshot))
    }

    /// `POST /v2/{project_id}/snapshots` → 202 with the new snapshot, `creating`.
    async fn create_snapshot(&self, new: &NewSnapshot) -> Result<Snapshot, CloudError> {
        let mut call = self.call(
            Operation::CreateSnapshot,
            Method::POST,
            format!("/v2/{}/snapshots", self.project_id),
        );
        call.body = json_body(&map::new_snapshot(new))?;
        let envelope: wire::SnapshotEnvelope = self.send(call).await?;
        Ok(map::snapshot(envelope.snapshot))
    }

    /// `PUT /v3/{project_id}/snapshots/{id}`.
    async fn update_snapshot(
        &self,
        id: &SnapshotId,
        changes: &SnapshotChanges,
    ) -> Result<Snapshot, CloudError> {
        let mut call = self.call(
            Operation::UpdateSnapshot,
            Method::PUT,
            format!(
                "/v3/{}/snapshots/{}",
                self.project_id,
                encode_component(id.as_str())
            ),
        );
        call.body = json_body(&map::snapshot_changes(changes))?;
        let envelope: wire::SnapshotEnvelope = self.send(call).await?;
        Ok(map::snapshot(envelope.snapshot))
    }

    /// `DELETE /v2/{project_id}/cloudsnapshots/{id}` → 202 without a body.
    async fn delete_snapshot(&self, id: &SnapshotId) -> Result<(), CloudError> {
        let call = self.snapshot_call(
            Operation::DeleteSnapshot,
            Method::DELETE,
            id,
            "cloudsnapshots",
            "",
        );
        self.send::<serde::de::IgnoredAny>(call).await.map(drop)
    }

    /// `POST /v2/{project_id}/cloudsnapshots/{id}/rollback` → `{"rollback": {"volume_id"}}`.
    async fn rollback_snapshot(
        &self,
        id: &SnapshotId,
        request: &RollbackRequest,
    ) -> Result<(), CloudError> {
        let mut call = self.snapshot_call(
            Operation::RollbackSnapshot,
            Method::POST,
            id,
            "cloudsnapshots",
            "/rollback",
        );
        call.body = json_body(&map::rollback(request))?;
        let _: wire::RollbackEnvelope = self.send(call).await?;
        Ok(())
    }

    /// `GET /v2/{project_id}/cloudvolumes/detail`, for the volume picker.
    async fn list_volumes(&self) -> Result<VolumeList, CloudError> {
        let mut call = self.call(
            Operation::ListVolumes,
            Method::GET,
            format!("/v2/{}/cloudvolumes/detail", self.project_id),
        );
        call.query = vec![("limit".to_owned(), VOLUME_PAGE.to_string())];
        let list: wire::VolumeList = self.send(call).await?;
        Ok(VolumeList {
            volumes: list.volumes.into_iter().map(map::volume).collect(),
        })
    }
}

fn json_body<T: Serialize>(value: &T) -> Result<Vec<u8>, CloudError> {
    serde_json::to_vec(value).map_err(|error| {
        CloudError::Invalid(vec![FieldError::new(
            Field::Body,
            Problem::Malformed {
                detail: error.to_string(),
            },
        )])
    })
}
