//! An emulator of Tencent Cloud CBS: `DescribeSnapshots` in both API versions on one port, and
//! in API 3.0 `DescribeDisks`, `CreateSnapshot`, `ModifySnapshotAttribute`, `DeleteSnapshots`
//! and `ApplySnapshot` (a POST with a JSON body, or a GET with the parameters flattened into the
//! query, as the official SDKs send either); in memory, for the demo and the tests:
//!
//! | API | call | signature |
//! |---|---|---|
//! | 3.0 | `POST /` (JSON body) or `GET /` (the SDK's flattened query), `X-TC-Action`, `X-TC-Version: 2017-03-12`, `X-TC-Region` | `TC3-HMAC-SHA256`, ±5 minutes |
//! | 2.0 | `GET /v2/index.php?Action=DescribeSnapshots&…` or the same as a `POST` form (seed 003) | `HmacSHA1` / `HmacSHA256`, `Nonce` once |
//!
//! Every reply is HTTP 200 with `Content-Type: application/json` exactly, errors included, as
//! Tencent's (its SDKs misread an error sent any other way).
//!
//! Behaviour, where the documents leave a choice:
//! - Lists are newest first (`Order=DESC` by `CREATE_TIME` is also 3.0's default here), ties by
//!   id; `Order=ASC` reverses. Filters are exact, AND across filters and OR within one
//!   filter's values. 2.0 has the same order and its parameters become the same filters.
//! - 3.0 checks run in this order: method and body type, action, version, signature, region,
//!   parameters (so an unsigned call to an unknown action hears about the action). 2.0, where
//!   `Action` and `Region` are signed parameters: method and body type, signature, action,
//!   region, parameters.
//! - An id that names no snapshot is not an error: the set is empty (`TotalCount` 0).
//! - `snapshot-type` matches `PRIVATE_SNAPSHOT` only: nothing is shared with this tenant.
//! - The demo's two `CREATING` snapshots stay at their percentages, so pages stay stable. A
//!   new snapshot is `CREATING` with `Percent` rising for the settle time, then `NORMAL`; a
//!   rollback makes the snapshot and its disk `ROLLBACKING` (the disk's `RollbackPercent`
//!   rising) for the settle time. A snapshot with a `Deadline` is gone from then on.
//! - `DeleteSnapshots` checks every id first: one missing or busy id and nothing is deleted.
//! - `ApplySnapshot` takes the snapshot's own disk only; an attached disk needs
//!   `AutoStopInstance` (the instance is not modelled further).
//! - Region: 3.0 wants the configured region (e.g. `ap-guangzhou`); 2.0 also accepts its old
//!   short name (`gz`).
//!
//! API 3.0 errors (`{"Response":{"Error":{"Code","Message"},"RequestId"}}`):
//!
//! | code | when |
//! |---|---|
//! | `AuthFailure.InvalidAuthorization` | no or malformed `Authorization` |
//! | `AuthFailure.SecretIdNotFound` | unknown SecretId |
//! | `AuthFailure.SignatureExpire` | `X-TC-Timestamp` more than 5 minutes off |
//! | `AuthFailure.SignatureFailure` | wrong signature (wrong key, altered body, query or host) |
//! | `MissingParameter` | no `X-TC-Action`, `X-TC-Version`, `X-TC-Region` or `X-TC-Timestamp`; a filter without its `Name`; a write without a parameter it requires |
//! | `InvalidAction` | an action other than the six above |
//! | `NoSuchVersion` | a version other than `2017-03-12` |
//! | `UnsupportedRegion` | a region other than the emulator's |
//! | `UnsupportedProtocol` | a method other than GET and POST; a POST body that is not JSON |
//! | `UnknownParameter` | a parameter the action does not take |
//! | `InvalidParameter` | body not a JSON object, wrong types (in a body or a query); `SnapshotIds` with `Filters` |
//! | `InvalidFilter` | a filter name CBS does not document |
//! | `InvalidParameterValue` | a filter value outside its set, no values, `Limit` 0, bad `Order`/`OrderField` |
//! | `InvalidParameterValue.LimitExceeded` | `Limit` over 100, more than 100 `SnapshotIds` |
//! | `InvalidParameterValue.TooLong` | `SnapshotName` over 60 bytes |
//! | `InvalidSnapshotId.NotFound` / `InvalidDiskId.NotFound` | a write naming no such snapshot / disk |
//! | `ResourceUnavailable.SnapshotCreating` | delete or apply of a `CREATING` snapshot |
//! | `ResourceBusy` | delete or apply of a `ROLLBACKING` snapshot |
//! | `InvalidDisk.Busy` | create or apply on a disk being rolled back |
//! | `ResourceInUse` | apply to an attached disk without `AutoStopInstance` |
//! | `InsufficientSnapshotQuota` | a 65th snapshot of one disk |
//!
//! API 2.0 errors (`{"code","message","codeDesc"}`): 4100 signature (or SecretId-less call), 4104
//! unknown SecretId, 4500 replayed `Nonce` or `Timestamp` more than 2 hours off, 4000 unknown
//! `Action` or region, 9003 invalid `diskType`/`projectId`/`offset`/`limit` (1 to 100).

mod demo_data;
mod reply;
mod select;
mod store;
mod v2;
mod v3;

use std::fmt;
use std::sync::{Arc, Mutex, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use axum::routing::any;
use axum::Router;

use super::state::{micros, Clock, Locked};
use crate::cloud::cbs::signer_v2::ReplayCache;
use crate::cloud::signing::{unix_now, KeyRing, Secret};
use store::Store;

pub use demo_data::SECOND_PROJECT as DEMO_SECOND_PROJECT;

/// The service name in API 3.0's credential scope.
pub use crate::cloud::cbs::wire::SERVICE;

/// How the emulator is set up. `Debug` never shows the keys.
#[derive(Clone)]
pub struct CbsEmulatorConfig {
    pub secret_id: String,
    pub secret_key: String,
    /// Start with the demo snapshots (`false`: an empty tenant).
    pub demo_data: bool,
    /// The one region served, e.g. `ap-guangzhou`.
    pub region: String,
    /// How long a new snapshot is `CREATING` and a rollback `ROLLBACKING`.
    pub settle: Duration,
}

impl fmt::Debug for CbsEmulatorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CbsEmulatorConfig")
            .field("secret_id", &"<redacted>")
            .field("secret_key", &"<redacted>")
            .field("demo_data", &self.demo_data)
            .field("region", &self.region)
            .field("settle", &self.settle)
            .finish()
    }
}

struct Inner {
    config: CbsEmulatorConfig,
    keys: KeyRing,
    store: Locked<Store>,
    /// For states that move within seconds.
    wall: Clock,
    replays: Mutex<ReplayCache>,
    clock: fn() -> i64,
}

/// The emulator's state; clones share it.
#[derive(Clone)]
pub struct CbsEmulator {
    inner: Arc<Inner>,
}

impl fmt::Debug for CbsEmulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CbsEmulator")
            .field("config", &self.inner.config)
            .field("snapshots", &self.store().count())
            .finish_non_exhaustive()
    }
}

impl CbsEmulator {
    pub fn new(config: CbsEmulatorConfig) -> Self {
        let clock: fn() -> i64 = unix_now;
        let wall = Clock::start();
        let now = wall.now_micros();
        let records = if config.demo_data {
            demo_data::demo_records(now)
        } else {
            Vec::new()
        };
        let disks = demo_data::demo_disks(now);
        let keys = KeyRing::single(
            config.secret_id.clone(),
            Secret::new(config.secret_key.clone()),
        );
        Self {
            inner: Arc::new(Inner {
                config,
                keys,
                store: Locked::new(Store::new(records, disks)),
                wall,
                replays: Mutex::new(ReplayCache::new()),
                clock,
            }),
        }
    }

    fn now(&self) -> i64 {
        (self.inner.clock)()
    }

    /// The wall clock in Unix microseconds, for states that move within seconds.
    fn now_micros(&self) -> i64 {
        self.inner.wall.now_micros()
    }

    fn settle_micros(&self) -> i64 {
        micros(self.inner.config.settle)
    }

    fn store(&self) -> RwLockReadGuard<'_, Store> {
        self.inner.store.read()
    }

    fn store_mut(&self) -> RwLockWriteGuard<'_, Store> {
        self.inner.store.write()
    }
}

/// Both API versions on one router: 3.0 at `/`, 2.0 at `/v2/index.php`; anything else gets a
/// 3.0-shaped error (still HTTP 200 JSON).
pub fn router(emulator: CbsEmulator) -> Router {
    Router::new()
        .route("/", any(v3::handle))
        .route("/v2/index.php", any(v2::describe_snapshots))
        .fallback(v3::no_such_path)
        .with_state(emulator)
}

/// Serves the emulator on `listener` until the task is dropped.
pub async fn serve(
    listener: tokio::net::TcpListener,
    emulator: CbsEmulator,
) -> std::io::Result<()> {
    axum::serve(listener, router(emulator)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_key() {
        let config = CbsEmulatorConfig {
            secret_id: "AKIDsecretIdValue".into(),
            secret_key: "secretKeyValue".into(),
            demo_data: true,
            region: "ap-guangzhou".into(),
            settle: Duration::from_secs(1),
        };
        let emulator = CbsEmulator::new(config.clone());
        for debug in [format!("{config:?}"), format!("{emulator:?}")] {
            assert!(!debug.contains("AKIDsecretIdValue"), "{debug}");
            assert!(!debug.contains("secretKeyValue"), "{debug}");
            assert!(debug.contains("ap-guangzhou"), "{debug}");
        }
        assert!(format!("{emulator:?}").contains("snapshots: 28"));
    }
}
