//! One thin handler per EVS call: check the project, read the input, ask the store, wrap the
//! answer in EVS's envelope.

use crate::cloud::evs::wire::VolumeList;
use crate::cloud::evs::wire::{Link, RollbackEnvelope, SnapshotEnvelope, SnapshotList};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::Json;

use super::body::{parse_create, parse_rollback, parse_update};
use super::fault::Fault;
use super::query::{is_host, next_link, parse_page_query, parse_snapshot_query};
use super::EvsEmulator;

type Reply<T> = Result<Json<T>, Fault>;

fn path<T>(extracted: Result<Path<T>, PathRejection>) -> Result<T, Fault> {
    extracted
        .map(|Path(value)| value)
        .map_err(|rejection| Fault::MalformedUrl(rejection.body_text()))
}

fn body(extracted: Result<Bytes, BytesRejection>) -> Result<Bytes, Fault> {
    extracted.map_err(|rejection| Fault::MalformedBody(rejection.body_text()))
}

/// The endpoint the client called, for absolute links: `Host`, or the request target's
/// authority (HTTP/2).
fn request_host(headers: &HeaderMap, uri: &Uri) -> Result<String, Fault> {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            uri.authority()
                .map(|authority| authority.as_str().to_owned())
        })
        .ok_or_else(|| Fault::MalformedUrl("no Host header".to_owned()))?;
    if is_host(&host) {
        Ok(host)
    } else {
        Err(Fault::MalformedUrl("unusable Host header".to_owned()))
    }
}

/// `GET /v2/{project_id}/snapshots/detail` and `…/cloudsnapshots/detail`.
pub async fn list_snapshots(
    State(emulator): State<EvsEmulator>,
    project: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    uri: Uri,
) -> Reply<SnapshotList> {
    emulator.check_project(&path(project)?)?;
    let query = parse_snapshot_query(uri.query())?;
    let page = emulator
        .store()
        .list_snapshots(&query, emulator.now_micros())?;
    let snapshots_links = match page.items.last() {
        Some(last) if page.more && query.page.limit.is_some() => {
            let host = request_host(&headers, &uri)?;
            Some(vec![Link {
                href: next_link(&host, uri.path(), &query, &last.id),
                rel: "next".to_owned(),
            }])
        }
        _ => None,
    };
    Ok(Json(SnapshotList {
        snapshots: page.items,
        snapshots_links,
    }))
}

/// `GET /v2/{project_id}/cloudsnapshots/{id}` and `…/snapshots/{id}`.
pub async fn get_snapshot(
    State(emulator): State<EvsEmulator>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Reply<SnapshotEnvelope> {
    let (project, id) = path(ids)?;
    emulator.check_project(&project)?;
    let snapshot = emulator.store().get_snapshot(&id, emulator.now_micros())?;
    Ok(Json(SnapshotEnvelope { snapshot }))
}

/// `POST /v2/{project_id}/snapshots` and `…/cloudsnapshots`: 202, as EVS.
pub async fn create_snapshot(
    State(emulator): State<EvsEmulator>,
    project: Result<Path<String>, PathRejection>,
    request: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<SnapshotEnvelope>), Fault> {
    emulator.check_project(&path(project)?)?;
    let request = parse_create(&body(request)?)?;
    let id = uuid::Uuid::new_v4().hyphenated().to_string();
    let snapshot = emulator.store_mut().create_snapshot(
        request,
        id,
        emulator.now_micros(),
        emulator.settle_micros(),
    )?;
    Ok((StatusCode::ACCEPTED, Json(SnapshotEnvelope { snapshot })))
}

/// `PUT /v3/{project_id}/snapshots/{id}` and its aliases.
pub async fn update_snapshot(
    State(emulator): State<EvsEmulator>,
    ids: Result<Path<(String, String)>, PathRejection>,
    request: Result<Bytes, BytesRejection>,
) -> Reply<SnapshotEnvelope> {
    let (project, id) = path(ids)?;
    emulator.check_project(&project)?;
    let changes = parse_update(&body(request)?)?;
    let snapshot = emulator
        .store_mut()
        .update_snapshot(&id, changes, emulator.now_micros())?;
    Ok(Json(SnapshotEnvelope { snapshot }))
}

/// `GET /v2/{project_id}/cloudvolumes/detail`.
pub async fn list_volumes(
    State(emulator): State<EvsEmulator>,
    project: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Reply<VolumeList> {
    emulator.check_project(&path(project)?)?;
    let page = parse_page_query(uri.query())?;
    let (page, count) = emulator
        .store()
        .list_volumes(&page, emulator.now_micros())?;
    Ok(Json(VolumeList {
        volumes: page.items,
        count: Some(count),
    }))
}

/// `DELETE /v2/{project_id}/cloudsnapshots/{id}` (and the native `…/snapshots/{id}`): 202,
/// no body, as EVS.
pub async fn delete_snapshot(
    State(emulator): State<EvsEmulator>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<StatusCode, Fault> {
    let (project, id) = path(ids)?;
    emulator.check_project(&project)?;
    emulator
        .store_mut()
        .delete_snapshot(&id, emulator.now_micros(), emulator.settle_micros())?;
    Ok(StatusCode::ACCEPTED)
}

/// `POST /v2/{project_id}/cloudsnapshots/{id}/rollback`: 202 with `{"rollback": {"volume_id"}}`.
pub async fn rollback_snapshot(
    State(emulator): State<EvsEmulator>,
    ids: Result<Path<(String, String)>, PathRejection>,
    request: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<RollbackEnvelope>), Fault> {
    let (project, id) = path(ids)?;
    emulator.check_project(&project)?;
    let mut rollback = parse_rollback(&body(request)?)?;
    emulator.store_mut().rollback_snapshot(
        &id,
        &rollback,
        emulator.now_micros(),
        emulator.settle_micros(),
    )?;
    rollback.name = None;
    Ok((StatusCode::ACCEPTED, Json(RollbackEnvelope { rollback })))
}

/// Any other method or path.
pub async fn no_such_route() -> Fault {
    Fault::NoSuchRoute
}
