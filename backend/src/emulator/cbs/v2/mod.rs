//! API 2.0 (seed 003): `DescribeSnapshots` at `/v2/index.php`, parameters in the query (GET) or
//! a form body (POST), signed with HmacSHA1 or HmacSHA256.

pub mod params;

use std::sync::PoisonError;

use crate::cloud::cbs::wire::{self as cbs, ReplyV2};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use shared::validate::excerpt;

use super::reply::json;
use super::CbsEmulator;
use crate::cloud::cbs::signer_v2::{self, Received, FORM_CONTENT_TYPE};
use crate::emulator::headers::{header_text, media_type};
use params::ApiError;

pub const PATH: &str = "/v2/index.php";

/// API 2.0's old short region names, for the regions that had one.
const SHORT_REGIONS: [(&str, &str); 8] = [
    ("ap-guangzhou", "gz"),
    ("ap-shanghai", "sh"),
    ("ap-beijing", "bj"),
    ("ap-chengdu", "cd"),
    ("ap-chongqing", "cq"),
    ("ap-hongkong", "hk"),
    ("ap-singapore", "sg"),
    ("na-siliconvalley", "usw"),
];

pub async fn describe_snapshots(
    State(emulator): State<CbsEmulator>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = match body {
        Ok(body) => answer(&emulator, &method, &headers, &uri, &body),
        Err(rejection) => Err(ApiError::new(
            4000,
            "InvalidParameter",
            format!("the request body could not be read: {rejection}"),
        )),
    };
    match result {
        Ok((total_count, snapshot_set)) => json(&ReplyV2 {
            code: 0,
            message: String::new(),
            code_desc: None,
            total_count: Some(total_count),
            snapshot_set: Some(snapshot_set),
        }),
        Err(error) => {
            tracing::info!(code = error.code, "CBS emulator (2.0) refused a request");
            json(&ReplyV2 {
                code: error.code,
                message: error.message,
                code_desc: Some(error.code_desc.to_owned()),
                total_count: None,
                snapshot_set: None,
            })
        }
    }
}

type Found = (u64, Vec<cbs::SnapshotV2>);

fn answer(
    emulator: &CbsEmulator,
    method: &Method,
    headers: &HeaderMap,
    uri: &Uri,
    body: &[u8],
) -> Result<Found, ApiError> {
    let pairs = if method == Method::GET {
        shared::api::parse_query(uri.query().unwrap_or(""))
    } else if method == Method::POST {
        if media_type(headers) != FORM_CONTENT_TYPE {
            return Err(ApiError::new(
                4000,
                "InvalidParameter",
                format!("a POST must carry Content-Type: {FORM_CONTENT_TYPE}"),
            ));
        }
        shared::api::parse_query(&String::from_utf8_lossy(body))
    } else {
        return Err(ApiError::new(
            4600,
            "UnsupportedProtocol",
            format!("the HTTP method {method} is not supported: use GET or POST"),
        ));
    };
    verify(emulator, method, headers, &pairs)?;
    let param = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    match param("Action") {
        Some(cbs::ACTION) => {}
        Some(other) => {
            let shown = excerpt(other, 64);
            return Err(ApiError::new(
                4000,
                "InvalidAction",
                format!("the action {shown:?} does not exist"),
            ));
        }
        None => {
            return Err(ApiError::new(
                4000,
                "MissingParameter",
                "the parameter Action is missing",
            ))
        }
    }
    let served = emulator.inner.config.region.as_str();
    let region = param("Region").unwrap_or_default();
    let short = SHORT_REGIONS
        .iter()
        .find(|(long, _)| *long == served)
        .map(|(_, short)| *short);
    if region != served && Some(region) != short {
        let shown = excerpt(region, 32);
        return Err(ApiError::new(
            4000,
            "InvalidRegion",
            format!("the region {shown:?} is not served here; use {served}"),
        ));
    }
    let selection = params::selection(&pairs)?;
    let page = emulator.store().select(&selection, emulator.now_micros());
    Ok((
        page.total_count,
        page.snapshots
            .into_iter()
            .map(params::snapshot_v2)
            .collect(),
    ))
}

fn verify(
    emulator: &CbsEmulator,
    method: &Method,
    headers: &HeaderMap,
    pairs: &[(String, String)],
) -> Result<(), ApiError> {
    let host = header_text(headers, "host").unwrap_or_default();
    let received = Received {
        method: method.as_str(),
        host: &host,
        path: PATH,
        params: pairs,
    };
    // A poisoned lock only means another request panicked mid-record; the set is still usable.
    let mut replays = emulator
        .inner
        .replays
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    signer_v2::verify(
        &received,
        &emulator.inner.keys,
        emulator.now(),
        &mut replays,
    )
    .map(|_secret_id| ())
    .map_err(|error| ApiError {
        code: error.code(),
        code_desc: error.code_desc(),
        message: error.message(),
    })
}
