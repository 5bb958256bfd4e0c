//! The typed CBS client: `DescribeSnapshots` over API 3.0 (default) or the legacy API 2.0, and
//! over 3.0 only the disk list and the writes (`CreateSnapshot`, `ModifySnapshotAttribute`,
//! `DeleteSnapshots`, `ApplySnapshot`); every action signed and sent through the one pipeline
//! ([`CloudHttp::send`]), its answers mapped onto the console's models.

use async_trait::async_trait;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{ListQuery, Provider, SnapshotPage};
use shared::lifecycle::RollbackRequest;
use shared::snapshot::{NewSnapshot, SnapshotChanges};
use shared::validate::{Field, FieldError, Problem};
use shared::volume::VolumeList;
use shared::{Operation, Snapshot, SnapshotId};
use url::Url;

use super::wire::{
    self as cbs, Acknowledged, Action, Answered, CreateSnapshotResponse, DescribeDisksResponse,
    DescribeSnapshotsResponse, SnapshotV2,
};
use super::{map, reply, request, signer_v2, signer_v3};
use crate::cloud::error::CloudError;
use crate::cloud::http::{Answer, Call, CloudHttp, Sign, Signed};
use crate::cloud::signing::unix_now;
use crate::cloud::SnapshotPort;
use crate::config::{CbsApi, Credentials};

/// What a CBS account offers, by API version: 3.0 everything the console has, 2.0 only lists.
pub const OPERATIONS_V3: &[Operation] = &Operation::ALL;
pub const OPERATIONS_V2: &[Operation] = &[Operation::ListSnapshots, Operation::GetSnapshot];

/// API 2.0's one path.
const V2_PATH: &str = "/v2/index.php";
const JSON: &str = "application/json";
/// Most pages of disks the picker reads (100 each).
const MAX_DISK_PAGES: u64 = 10;

/// One CBS account's client. Cheap to clone; `Debug` shows no key.
#[derive(Debug, Clone)]
pub struct CbsClient {
    http: CloudHttp,
    endpoint: Url,
    region: String,
    api: CbsApi,
    signer: CbsSigner,
}

/// `TC3-HMAC-SHA256` (3.0) or `HmacSHA256` over the parameters (2.0), with the account's keys.
#[derive(Debug, Clone)]
struct CbsSigner {
    api: CbsApi,
    credentials: Credentials,
}

impl Sign for CbsSigner {
    fn sign(&self, call: &Call, host: &str) -> Signed {
        let mut headers: Vec<(String, String)> = call
            .headers
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect();
        let timestamp = unix_now();
        match self.api {
            CbsApi::V3 => {
                let signed = signer_v3::sign(
                    &signer_v3::Request {
                        method: call.method.as_str(),
                        host,
                        query: "",
                        content_type: JSON,
                        body: &call.body,
                        service: cbs::SERVICE,
                    },
                    self.credentials.access_key.expose(),
                    self.credentials.secret_key.expose(),
                    timestamp,
                );
                headers.push(("X-TC-Timestamp".to_owned(), timestamp.to_string()));
                headers.push(("Authorization".to_owned(), signed.authorization));
                Signed {
                    headers,
                    wire_query: String::new(),
                }
            }
            CbsApi::V2 => {
                let nonce: u32 = rand::random::<u32>().max(1);
                let mut params = call.query.clone();
                params.extend([
                    ("Timestamp".to_owned(), timestamp.to_string()),
                    ("Nonce".to_owned(), nonce.to_string()),
                    (
                        "SecretId".to_owned(),
                        self.credentials.access_key.expose().to_owned(),
                    ),
                    ("SignatureMethod".to_owned(), "HmacSHA256".to_owned()),
                ]);
                let signed = signer_v2::sign(
                    call.method.as_str(),
                    host,
                    &call.path,
                    &params,
                    self.credentials.secret_key.expose(),
                );
                Signed {
                    headers,
                    wire_query: signed.wire_query,
                }
            }
        }
    }
}

#[async_trait]
impl SnapshotPort for CbsClient {
    fn provider(&self) -> Provider {
        Provider::Cbs
    }

    fn operations(&self) -> &'static [Operation] {
        match self.api {
            CbsApi::V3 => OPERATIONS_V3,
            CbsApi::V2 => OPERATIONS_V2,
        }
    }

    /// One numbered page (`offset`/`limit` ≤ 100) of the account's snapshots, newest first, with
    /// the total. CBS has no `marker`; API 2.0 cannot filter by name or status.
    async fn list_snapshots(&self, query: &ListQuery) -> Result<SnapshotPage, CloudError> {
        let operation = Operation::ListSnapshots;
        let (total_count, snapshots) = match self.api {
            CbsApi::V3 => {
                let request = request::v3_list(query).map_err(CloudError::Invalid)?;
                let reply: DescribeSnapshotsResponse = self
                    .call_v3(operation, Action::DescribeSnapshots, &request)
                    .await?;
                let snapshots = reply
                    .snapshot_set
                    .into_iter()
                    .map(map::snapshot_from_v3)
                    .collect();
                (reply.total_count, snapshots)
            }
            CbsApi::V2 => {
                let params = request::v2_list(query).map_err(CloudError::Invalid)?;
                let (total_count, snapshots) = self.call_v2(operation, params).await?;
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
    async fn get_snapshot(&self, id: &SnapshotId) -> Result<Snapshot, CloudError> {
        let operation = Operation::GetSnapshot;
        let (found, upstream_request_id) = match self.api {
            CbsApi::V3 => {
                let reply: DescribeSnapshotsResponse = self
                    .call_v3(operation, Action::DescribeSnapshots, &request::v3_get(id))
                    .await?;
                let found = reply
                    .snapshot_set
                    .into_iter()
                    .find(|snapshot| id == snapshot.snapshot_id.as_str())
                    .map(map::snapshot_from_v3);
                (found, Some(reply.request_id))
            }
            CbsApi::V2 => {
                let (_, snapshots) = self.call_v2(operation, request::v2_get(id)).await?;
                let found = snapshots
                    .into_iter()
                    .find(|snapshot| id == snapshot.snapshot_id.as_str())
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

    /// `CreateSnapshot`, then the new snapshot as `DescribeSnapshots` shows it.
    async fn create_snapshot(&self, new: &NewSnapshot) -> Result<Snapshot, CloudError> {
        let operation = self.v3_only(Operation::CreateSnapshot)?;
        let created: CreateSnapshotResponse = self
            .call_v3(operation, Action::CreateSnapshot, &request::v3_create(new))
            .await?;
        let id = SnapshotId::parse(&created.snapshot_id).map_err(|error| CloudError::BadReply {
            status: 200,
            detail: format!("CreateSnapshot answered an unusable id: {error}"),
            upstream_request_id: Some(created.request_id.clone()),
        })?;
        self.get_snapshot(&id).await
    }

    /// `ModifySnapshotAttribute`, then the snapshot as it now is.
    async fn update_snapshot(
        &self,
        id: &SnapshotId,
        changes: &SnapshotChanges,
    ) -> Result<Snapshot, CloudError> {
        let operation = self.v3_only(Operation::UpdateSnapshot)?;
        let _: Acknowledged = self
            .call_v3(
                operation,
                Action::ModifySnapshotAttribute,
                &request::v3_modify(id, changes),
            )
            .await?;
        self.get_snapshot(id).await
    }

    async fn delete_snapshot(&self, id: &SnapshotId) -> Result<(), CloudError> {
        self.delete_batch(std::slice::from_ref(id)).await
    }

    /// One `DeleteSnapshots` for all: Tencent deletes them all or none, so every id shares the
    /// one answer.
    async fn delete_snapshots(&self, ids: &[SnapshotId]) -> Vec<Result<(), CloudError>> {
        let result = self.delete_batch(ids).await;
        ids.iter().map(|_| result.clone()).collect()
    }

    fn deletes_all_or_nothing(&self) -> bool {
        true
    }

    /// `ApplySnapshot` onto the snapshot's own disk.
    async fn rollback_snapshot(
        &self,
        id: &SnapshotId,
        request: &RollbackRequest,
    ) -> Result<(), CloudError> {
        let operation = self.v3_only(Operation::RollbackSnapshot)?;
        let _: Acknowledged = self
            .call_v3(
                operation,
                Action::ApplySnapshot,
                &request::v3_apply(id, request),
            )
            .await?;
        Ok(())
    }

    /// `DescribeDisks`, 100 a page, for the disk picker.
    async fn list_volumes(&self) -> Result<VolumeList, CloudError> {
        let operation = self.v3_only(Operation::ListVolumes)?;
        let mut volumes = Vec::new();
        for page in 0..MAX_DISK_PAGES {
            let offset = page * cbs::MAX_LIMIT;
            let reply: DescribeDisksResponse = self
                .call_v3(operation, Action::DescribeDisks, &request::v3_disks(offset))
                .await?;
            let count = reply.disk_set.len() as u64;
            volumes.extend(reply.disk_set.into_iter().map(map::volume_from_disk));
            if count < cbs::MAX_LIMIT || offset + count >= reply.total_count {
                break;
            }
        }
        Ok(VolumeList { volumes })
    }
}

impl CbsClient {
    pub fn new(
        http: CloudHttp,
        endpoint: Url,
        region: String,
        api: CbsApi,
        credentials: Credentials,
    ) -> Self {
        Self {
            http,
            endpoint,
            region,
            api,
            signer: CbsSigner { api, credentials },
        }
    }

    /// The writes and the disk list exist in API 3.0 only.
    fn v3_only(&self, operation: Operation) -> Result<Operation, CloudError> {
        match self.api {
            CbsApi::V3 => Ok(operation),
            CbsApi::V2 => Err(crate::cloud::unsupported(Provider::Cbs, operation)),
        }
    }

    async fn delete_batch(&self, ids: &[SnapshotId]) -> Result<(), CloudError> {
        let operation = self.v3_only(Operation::DeleteSnapshot)?;
        let _: Acknowledged = self
            .call_v3(operation, Action::DeleteSnapshots, &request::v3_delete(ids))
            .await?;
        Ok(())
    }

    /// API 3.0: POST the action's JSON body to `/`, signed over exactly those bytes.
    async fn call_v3<Req: Serialize, Res: DeserializeOwned + Answered>(
        &self,
        operation: Operation,
        action: Action,
        request: &Req,
    ) -> Result<Res, CloudError> {
        let body = serde_json::to_vec(request).map_err(|error| {
            CloudError::Invalid(vec![FieldError::new(
                Field::Body,
                Problem::Malformed {
                    detail: error.to_string(),
                },
            )])
        })?;
        let call = Call {
            operation,
            method: Method::POST,
            path: "/".to_owned(),
            query: Vec::new(),
            headers: vec![
                ("Content-Type", JSON.to_owned()),
                ("X-TC-Action", action.as_str().to_owned()),
                ("X-TC-Version", cbs::VERSION.to_owned()),
                ("X-TC-Region", self.region.clone()),
            ],
            body,
        };
        self.http
            .send(Provider::Cbs, &self.endpoint, &self.signer, call, |reply| {
                let response: Res = reply::read_v3(reply.status, &reply.body)?;
                let request_id = Some(response.request_id().to_owned());
                Ok(Answer::new(response, request_id))
            })
            .await
    }

    /// API 2.0: GET `/v2/index.php` with the common parameters, HmacSHA256-signed.
    async fn call_v2(
        &self,
        operation: Operation,
        params: Vec<(String, String)>,
    ) -> Result<(u64, Vec<SnapshotV2>), CloudError> {
        let mut query = vec![
            ("Action".to_owned(), cbs::ACTION.to_owned()),
            ("Region".to_owned(), self.region.clone()),
        ];
        query.extend(params);
        let call = Call {
            operation,
            method: Method::GET,
            path: V2_PATH.to_owned(),
            query,
            headers: Vec::new(),
            body: Vec::new(),
        };
        self.http
            .send(Provider::Cbs, &self.endpoint, &self.signer, call, |reply| {
                Ok(Answer::new(
                    reply::read_v2(reply.status, &reply.body)?,
                    None,
                ))
            })
            .await
    }
}
