//! Typed path extractors: `{account}` is resolved to a configured account and `{id}` checked as
//! a [`SnapshotId`] once, here, before any handler or service code sees them.

use std::sync::Arc;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use shared::validate::{excerpt, Field, Problem};
use shared::SnapshotId;

use crate::error::ApiError;
use crate::state::Account;
use crate::AppState;

/// The account named by the path's `{account}`.
pub struct AccountScope(pub Arc<Account>);

/// The account and the snapshot id of `…/accounts/{account}/snapshots/{id}`.
pub struct SnapshotScope {
    pub account: Arc<Account>,
    pub id: SnapshotId,
}

async fn params(parts: &mut Parts, state: &AppState) -> Result<RawPathParams, ApiError> {
    RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|rejection| {
            ApiError::field(
                Field::Query,
                Problem::Malformed {
                    detail: rejection.body_text(),
                },
            )
        })
}

/// The (already percent-decoded) value of `{name}`, read in place: no copy per request.
fn param<'a>(params: &'a RawPathParams, name: &str) -> &'a str {
    params
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
        .unwrap_or_default()
}

fn account(state: &AppState, name: &str) -> Result<Arc<Account>, ApiError> {
    state
        .account(name)
        .cloned()
        .ok_or_else(|| ApiError::UnknownAccount(excerpt(name, 64)))
}

impl FromRequestParts<AppState> for AccountScope {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let params = params(parts, state).await?;
        Ok(Self(account(state, param(&params, "account"))?))
    }
}

impl FromRequestParts<AppState> for SnapshotScope {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let params = params(parts, state).await?;
        let account = account(state, param(&params, "account"))?;
        let id = SnapshotId::parse(param(&params, "id"))
            .map_err(|error| ApiError::Validation(vec![error]))?;
        Ok(Self { account, id })
    }
}
