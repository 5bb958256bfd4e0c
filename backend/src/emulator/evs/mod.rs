//! An emulator of Huawei Cloud EVS's snapshot API (and its read-only volume list), in memory,
//! for the demo and the tests. It answers the calls Huawei documents for EVS, with the
//! aliases real clients use:
//!
//! | call | paths |
//! |---|---|
//! | list | `GET /v2/{pid}/snapshots/detail`, `GET /v2/{pid}/cloudsnapshots/detail` |
//! | show | `GET /v2/{pid}/cloudsnapshots/{id}`, `GET /v2/{pid}/snapshots/{id}` |
//! | create (202) | `POST /v2/{pid}/snapshots`, `POST /v2/{pid}/cloudsnapshots` |
//! | update | `PUT /v3/{pid}/snapshots/{id}`, `PUT /v2/{pid}/cloudsnapshots/{id}`, `PUT /v2/{pid}/snapshots/{id}` |
//! | delete (202, no body) | `DELETE /v2/{pid}/cloudsnapshots/{id}`, `DELETE /v2/{pid}/snapshots/{id}` |
//! | rollback (202) | `POST /v2/{pid}/cloudsnapshots/{id}/rollback` `{"rollback": {"volume_id", "name"?}}` → `{"rollback": {"volume_id"}}` |
//! | volumes | `GET /v2/{pid}/cloudvolumes/detail` (`limit`, `offset`, `marker`) |
//!
//! Behaviour, where the documents leave a choice:
//! - Lists are newest first, ties by id (`created_at desc, id desc`, Cinder's default).
//! - `marker` may name any snapshot of the project, even one the filters exclude; rows after it
//!   are filtered, then `offset` rows are skipped (marker first, then offset, as Cinder's
//!   pagination). The `next` link carries `marker`, `limit` and the filters, not `offset`.
//! - `snapshots_links` is present exactly when `limit` was given and rows remain; its host is
//!   the request's `Host`, so the link points at the endpoint the client used.
//! - Filters are exact and AND-ed; an unknown `status` matches nothing; unknown parameters are
//!   ignored and a repeated one counts with its last value (as Cinder).
//! - A new snapshot is `creating` and its `os-extended-snapshot-attributes:progress` rises
//!   linearly to `100%`; it is `available` after the configured settle time. Status is worked
//!   out from the clock on each read. Create and update replies carry no
//!   `os-extended-snapshot-attributes:*` (seeds 001 and 004); list and show do.
//! - A deleted snapshot is `deleting` for the settle time, then gone (list, show, update: 404).
//! - A rollback makes the snapshot `rollbacking` and its volume `restoring` for the settle
//!   time, then both `available` again.
//! - `--empty` ([`EvsEmulatorConfig::demo_data`] false) starts with the demo volumes but no
//!   snapshots, so there is something to snapshot.
//!
//! Every routed call must be signed with the configured AK/SK (`SDK-HMAC-SHA256`, checked by
//! [`crate::emulator::evs::apig::require_apig_signature`] in front of the routes).
//!
//! Errors are EVS's envelopes (`{"badRequest": {"message", "code"}}`, `{"itemNotFound": …}`),
//! codes from EVS's error-code table:
//!
//! | HTTP | kind | code | when |
//! |---|---|---|---|
//! | 400 | badRequest | EVS.0001 | project id in the path is not this emulator's ("invalid tenant id!") |
//! | 400 | badRequest | EVS.5400 | body not JSON, no `snapshot` object, wrong field types; unreadable path or `Host` |
//! | 400 | badRequest | EVS.5400 | name/description over 255 bytes or with control characters (create, update, `name` filter) |
//! | 400 | badRequest | EVS.5400 | update naming neither `name` nor `description` |
//! | 400 | badRequest | EVS.5400 | snapshot of an attached volume without `force: true` ("Invalid volume: … must be available, but current status is: in-use") |
//! | 400 | badRequest | EVS.5400 | `limit` not an integer, or below 1; `offset` not an integer ≥ 0 |
//! | 400 | badRequest | EVS.2142 | `limit` above 1000 |
//! | 400 | badRequest | EVS.1024 | `marker` names no snapshot (volume) of the project |
//! | 400 | badRequest | EVS.1002 | `volume_id` missing, or naming no volume of the project |
//! | 400 | badRequest | EVS.1047 | delete of a snapshot not `available`/`error`; rollback of a snapshot not `available`, or onto a volume not `available`/`error_rollbacking` (attached, restoring) |
//! | 400 | badRequest | EVS.5400 | rollback onto another volume than the snapshot's own, or of an `autobk_snapshot_*` |
//! | 400 | badRequest | EVS.1002 | rollback without `volume_id` |
//! | 404 | itemNotFound | EVS.5404 | show, update, delete or rollback of a snapshot that does not exist |
//! | 401 | `{"error_code","error_msg","request_id"}` | APIG.0301 | unsigned, wrongly signed, unknown AK, or `X-Sdk-Date` more than 15 minutes off ([`apig`]) |
//! | 404 | `{"error_code":"APIG.0101","error_msg":…}` | APIG.0101 | no such method and path (the gateway's own body, signed or not) |
//!
//! Real EVS answers an unknown `volume_id` with Cinder's 404; the emulator gives 400 as the
//! project's issue asks. Every reply carries an `X-Request-Id` (32 hex digits, as EVS's).

pub mod apig;
mod body;
mod demo_data;
mod fault;
mod handlers;
mod index;
mod query;
mod record;
mod store;

use std::fmt;
use std::sync::{Arc, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use axum::http::HeaderValue;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

pub use fault::Fault;

use crate::cloud::signing::{KeyRing, Secret};
use apig::{require_apig_signature, ApigAuth};

use super::state::{micros, Clock, Locked};
use store::Store;

/// The response header carrying EVS's request id.
pub use shared::api::REQUEST_ID_HEADER;

/// How the emulator is set up. `Debug` never shows the keys.
#[derive(Clone)]
pub struct EvsEmulatorConfig {
    pub access_key: String,
    pub secret_key: String,
    pub project_id: String,
    /// Start with the demo snapshots (`false`: `--empty`).
    pub demo_data: bool,
    /// How long a new snapshot stays `creating`, a deleted one `deleting`, a rollback running.
    pub settle: Duration,
}

impl EvsEmulatorConfig {
    /// A few seconds: long enough to watch the progress rise, short enough to wait for.
    pub const DEFAULT_SETTLE: Duration = Duration::from_secs(6);
}

impl fmt::Debug for EvsEmulatorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EvsEmulatorConfig")
            .field("access_key", &"<redacted>")
            .field("secret_key", &"<redacted>")
            .field("project_id", &self.project_id)
            .field("demo_data", &self.demo_data)
            .field("settle", &self.settle)
            .finish()
    }
}

struct Inner {
    config: EvsEmulatorConfig,
    clock: Clock,
    store: Locked<Store>,
}

/// The emulator's state; clones share it.
#[derive(Clone)]
pub struct EvsEmulator {
    inner: Arc<Inner>,
}

impl fmt::Debug for EvsEmulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EvsEmulator")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

impl EvsEmulator {
    pub fn new(config: EvsEmulatorConfig) -> Self {
        let clock = Clock::start();
        let now = clock.now_micros();
        let snapshots = if config.demo_data {
            demo_data::snapshots_at(now)
        } else {
            Vec::new()
        };
        let store = Store::new(
            config.project_id.clone(),
            demo_data::volumes(now),
            snapshots,
        );
        Self {
            inner: Arc::new(Inner {
                config,
                clock,
                store: Locked::new(store),
            }),
        }
    }

    /// An emulator holding `count` generated snapshots besides its configured data (see
    /// `demo_data::load_snapshots`), for load tests and benchmarks of large accounts.
    pub fn with_load(config: EvsEmulatorConfig, count: usize) -> Self {
        let emulator = Self::new(config);
        let now = emulator.now_micros();
        {
            let mut store = emulator.store_mut();
            for record in demo_data::load_snapshots(now, count) {
                store.insert_record(record);
            }
        }
        emulator
    }

    pub fn config(&self) -> &EvsEmulatorConfig {
        &self.inner.config
    }

    fn check_project(&self, project_id: &str) -> Result<(), Fault> {
        if project_id == self.inner.config.project_id {
            Ok(())
        } else {
            Err(Fault::InvalidProject)
        }
    }

    fn now_micros(&self) -> i64 {
        self.inner.clock.now_micros()
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

/// Gives every reply a request id, unless the gateway layer already did (its id is also in
/// its body, and the two must agree).
async fn add_request_id(mut response: Response) -> Response {
    if !response.headers().contains_key(REQUEST_ID_HEADER) {
        let id = uuid::Uuid::new_v4().simple().to_string();
        if let Ok(value) = HeaderValue::from_str(&id) {
            response.headers_mut().insert(REQUEST_ID_HEADER, value);
        }
    }
    response
}

/// The EVS API behind the API gateway: every routed call must be signed (`SDK-HMAC-SHA256`)
/// with the configured AK/SK, or gets the gateway's 401. Unrouted paths get the gateway's 404
/// whether signed or not, since the gateway routes before it authenticates.
pub fn router(emulator: EvsEmulator) -> Router {
    let config = emulator.config();
    let auth = ApigAuth::new(KeyRing::single(
        config.access_key.clone(),
        Secret::new(config.secret_key.clone()),
    ));
    use handlers::{
        create_snapshot, delete_snapshot, get_snapshot, list_snapshots, list_volumes,
        no_such_route, rollback_snapshot, update_snapshot,
    };
    Router::new()
        .route("/v2/{project_id}/snapshots/detail", get(list_snapshots))
        .route(
            "/v2/{project_id}/cloudsnapshots/detail",
            get(list_snapshots),
        )
        .route("/v2/{project_id}/snapshots", post(create_snapshot))
        .route("/v2/{project_id}/cloudsnapshots", post(create_snapshot))
        .route(
            "/v2/{project_id}/snapshots/{snapshot_id}",
            get(get_snapshot)
                .put(update_snapshot)
                .delete(delete_snapshot),
        )
        .route(
            "/v2/{project_id}/cloudsnapshots/{snapshot_id}",
            get(get_snapshot)
                .put(update_snapshot)
                .delete(delete_snapshot),
        )
        .route(
            "/v2/{project_id}/cloudsnapshots/{snapshot_id}/rollback",
            post(rollback_snapshot),
        )
        .route(
            "/v3/{project_id}/snapshots/{snapshot_id}",
            axum::routing::put(update_snapshot),
        )
        .route("/v2/{project_id}/cloudvolumes/detail", get(list_volumes))
        .route_layer(axum::middleware::from_fn_with_state(
            auth,
            require_apig_signature,
        ))
        .fallback(no_such_route)
        .method_not_allowed_fallback(no_such_route)
        .with_state(emulator)
        .layer(axum::middleware::map_response(add_request_id))
}

/// Serves the EVS API on `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    emulator: EvsEmulator,
) -> std::io::Result<()> {
    axum::serve(listener, router(emulator)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_keys() {
        let config = EvsEmulatorConfig {
            access_key: "AKVISIBLE".into(),
            secret_key: "SKSECRET".into(),
            project_id: "proj".into(),
            demo_data: false,
            settle: EvsEmulatorConfig::DEFAULT_SETTLE,
        };
        let printed = format!("{:?}", EvsEmulator::new(config));
        assert!(!printed.contains("SKSECRET") && !printed.contains("AKVISIBLE"));
        assert!(printed.contains("proj"));
    }
}
