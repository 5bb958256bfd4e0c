//! API 3.0 at `/`, signed with `TC3-HMAC-SHA256`: the common checks, then the action.

mod actions;
mod input;
pub mod params;

use crate::cloud::cbs::wire::{
    self as cbs, Action, DescribeSnapshotsResponse, ErrorInfo, ErrorResponse, Reply,
};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use shared::validate::excerpt;

use super::reply::{json, request_id};
use super::{CbsEmulator, SERVICE};
use crate::cloud::cbs::signer_v3::{self, Received};
use crate::emulator::headers::{header_pairs, header_text, media_type};
use params::ApiError;

/// The whole call: checks in the documented order, then the action.
pub async fn handle(
    State(emulator): State<CbsEmulator>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request_id = request_id();
    let result = match body {
        Ok(body) => answer(&emulator, &method, &headers, &uri, &body, &request_id),
        Err(rejection) => Err(ApiError::new(
            "InvalidParameter",
            format!("The request body could not be read: {rejection}."),
        )),
    };
    match result {
        Ok(response) => response,
        Err(error) => {
            tracing::info!(code = error.code, %request_id, "CBS emulator (3.0) refused a request");
            error_reply(error, request_id)
        }
    }
}

/// Any path but `/` and `/v2/index.php`.
pub async fn no_such_path(uri: Uri) -> Response {
    let shown = excerpt(uri.path(), 64);
    error_reply(
        ApiError::new(
            "UnsupportedProtocol",
            format!("There is no API at `{shown}`: API 3.0 is at `/`, API 2.0 at `/v2/index.php`."),
        ),
        request_id(),
    )
}

fn error_reply(error: ApiError, request_id: String) -> Response {
    json(&Reply {
        response: ErrorResponse {
            error: ErrorInfo {
                code: error.code.to_owned(),
                message: error.message,
            },
            request_id,
        },
    })
}

fn answer(
    emulator: &CbsEmulator,
    method: &Method,
    headers: &HeaderMap,
    uri: &Uri,
    body: &[u8],
    request_id: &str,
) -> Result<Response, ApiError> {
    let query = uri.query().unwrap_or("");
    if method == Method::POST {
        if media_type(headers) != "application/json" {
            return Err(ApiError::new(
                "UnsupportedProtocol",
                "A POST must carry `Content-Type: application/json`.",
            ));
        }
    } else if method != Method::GET {
        return Err(ApiError::new(
            "UnsupportedProtocol",
            format!("The HTTP method {method} is not supported: use POST or GET."),
        ));
    }
    let name = required(headers, "x-tc-action", "Action")?;
    let action = Action::parse(&name).ok_or_else(|| {
        let shown = excerpt(&name, 64);
        ApiError::new(
            "InvalidAction",
            format!("The action `{shown}` does not exist or is under maintenance."),
        )
    })?;
    let version = required(headers, "x-tc-version", "Version")?;
    if version != cbs::VERSION {
        let shown = excerpt(&version, 32);
        return Err(ApiError::new(
            "NoSuchVersion",
            format!(
                "The version `{shown}` of the CBS API does not exist; use {}.",
                cbs::VERSION
            ),
        ));
    }
    verify(emulator, method, headers, query, body)?;
    let region = required(headers, "x-tc-region", "Region")?;
    if region != emulator.inner.config.region {
        let shown = excerpt(&region, 32);
        return Err(ApiError::new(
            "UnsupportedRegion",
            format!(
                "The region `{shown}` is not supported; this endpoint serves `{}`.",
                emulator.inner.config.region
            ),
        ));
    }
    let parameters = if method == Method::POST {
        input::parse_body(body)?
    } else {
        input::unflatten(&shared::api::parse_query(query))?
    };
    if action != Action::DescribeSnapshots {
        return actions::run(emulator, action, &parameters, request_id.to_owned());
    }
    let selection = params::selection(input::read(action, &parameters)?)?;
    let page = emulator.store().select(&selection, emulator.now_micros());
    Ok(json(&Reply {
        response: DescribeSnapshotsResponse {
            total_count: page.total_count,
            snapshot_set: page.snapshots,
            request_id: request_id.to_owned(),
        },
    }))
}

fn required(headers: &HeaderMap, name: &str, parameter: &str) -> Result<String, ApiError> {
    header_text(headers, name)
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| {
            ApiError::new(
                "MissingParameter",
                format!("The request is missing a required parameter `{parameter}`."),
            )
        })
}

fn verify(
    emulator: &CbsEmulator,
    method: &Method,
    headers: &HeaderMap,
    query: &str,
    body: &[u8],
) -> Result<(), ApiError> {
    let pairs = header_pairs(headers);
    let host = header_text(headers, "host").unwrap_or_default();
    let received = Received {
        method: method.as_str(),
        host: &host,
        query,
        headers: &pairs,
        body,
    };
    signer_v3::verify(&received, SERVICE, &emulator.inner.keys, emulator.now())
        .map(|_secret_id| ())
        .map_err(|error| ApiError {
            code: error.code(),
            message: error.message(),
        })
}
