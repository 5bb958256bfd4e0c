//! `/api/v1/audit`: the audit log, read-only (an admin reads everyone's, others their own).

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::Json;
use shared::api::ErrorBody;
use shared::portal::{AuditPage, AuditQuery};

use super::session::caller;
use crate::audit::export;
use crate::auth::{AuthError, Portal};
use crate::error::ApiError;
use crate::AppState;

/// `axum::extract::Query`, with rejections in the console's error shape.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        AuthError::Invalid(rejection.body_text()).into()
    }
}

fn portal(state: &AppState) -> Result<&std::sync::Arc<Portal>, ApiError> {
    state
        .portal()
        .ok_or_else(|| AuthError::NotConfigured("the audit log").into())
}

/// One page of records, newest first; `next` is the `cursor` of the following page.
#[utoipa::path(
    get,
    path = "/audit",
    tag = "audit",
    params(
        ("user" = Option<String>, Query, description = "Only this user's records (admin)"),
        ("account" = Option<String>, Query, description = "Only this account's"),
        ("operation" = Option<String>, Query, description = "e.g. create_snapshot, sign_in"),
        ("outcome" = Option<String>, Query, description = "ok, refused or failed"),
        ("target" = Option<String>, Query, description = "Records naming this id (a snapshot's history)"),
        ("from" = Option<String>, Query, description = "From (inclusive): YYYY-MM-DD or RFC 3339"),
        ("to" = Option<String>, Query, description = "To (exclusive): YYYY-MM-DD or RFC 3339"),
        ("cursor" = Option<String>, Query, description = "The previous page's next"),
        ("limit" = Option<u32>, Query, description = "1 to 500, 100 by default"),
    ),
    responses((status = 200, body = AuditPage), (status = "4XX", body = ErrorBody))
)]
pub async fn list_audit(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let portal = portal(&state)?;
    let (_, caller) = caller()?;
    Ok(Json(export::page(portal, &caller, &query).await?))
}

/// The same records as CSV (up to 10 000, newest first), for a spreadsheet.
#[utoipa::path(
    get,
    path = "/audit.csv",
    tag = "audit",
    params(
        ("user" = Option<String>, Query, description = "Only this user's records (admin)"),
        ("account" = Option<String>, Query, description = "Only this account's"),
        ("operation" = Option<String>, Query, description = "e.g. create_snapshot"),
        ("outcome" = Option<String>, Query, description = "ok, refused or failed"),
        ("from" = Option<String>, Query, description = "From (inclusive)"),
        ("to" = Option<String>, Query, description = "To (exclusive)"),
    ),
    responses(
        (status = 200, description = "CSV with a header row", content_type = "text/csv"),
        (status = "4XX", body = ErrorBody),
    )
)]
pub async fn export_audit(
    State(state): State<AppState>,
    ApiQuery(mut query): ApiQuery<AuditQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let portal = portal(&state)?;
    let (_, caller) = caller()?;
    query.limit = Some(export::EXPORT_LIMIT);
    let filter = export::filter(&caller, &query, export::EXPORT_LIMIT)?;
    let records = portal.db.audit(&filter).await.map_err(AuthError::from)?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"snapdeck-audit.csv\"",
            ),
        ],
        export::csv(&records)?,
    ))
}
