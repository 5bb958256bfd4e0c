//! One typed function per endpoint of the console's API, over one [`call`] helper.

use gloo_net::http::{Request, RequestBuilder};
use leptos::prelude::window;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::api::{self, AccountList, ListQuery, SnapshotPage, REQUEST_ID_HEADER};
use shared::lifecycle::{BulkDeleteReply, BulkDeleteRequest, RollbackRequest};
use shared::snapshot::{
    CreateSnapshotRequest, NewSnapshot, SnapshotChanges, SnapshotEnvelope, UpdateSnapshotRequest,
};
use shared::volume::VolumeList;
use shared::{AccountName, Snapshot, SnapshotId};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::{interpret, ApiFailure};

pub async fn list_accounts() -> Result<AccountList, ApiFailure> {
    get_json(&api::accounts_path()).await
}

pub async fn list_snapshots(
    account: &AccountName,
    query: &ListQuery,
) -> Result<SnapshotPage, ApiFailure> {
    let mut url = api::snapshots_path(account.as_str());
    let query = query.to_query_string();
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query);
    }
    get_json(&url).await
}

pub async fn get_snapshot(account: &AccountName, id: &SnapshotId) -> Result<Snapshot, ApiFailure> {
    let envelope: SnapshotEnvelope = call(
        Request::get(&api::snapshot_path_of(account, id)),
        None::<&()>,
    )
    .await?;
    Ok(envelope.snapshot)
}

pub async fn create_snapshot(
    account: &AccountName,
    snapshot: NewSnapshot,
) -> Result<Snapshot, ApiFailure> {
    let body = CreateSnapshotRequest { snapshot };
    let envelope: SnapshotEnvelope = call(
        Request::post(&api::snapshots_path(account.as_str())),
        Some(&body),
    )
    .await?;
    Ok(envelope.snapshot)
}

pub async fn update_snapshot(
    account: &AccountName,
    id: &SnapshotId,
    snapshot: SnapshotChanges,
) -> Result<Snapshot, ApiFailure> {
    let body = UpdateSnapshotRequest { snapshot };
    let envelope: SnapshotEnvelope = call(
        Request::put(&api::snapshot_path_of(account, id)),
        Some(&body),
    )
    .await?;
    Ok(envelope.snapshot)
}

pub async fn delete_snapshot(
    account: &AccountName,
    id: &SnapshotId,
) -> Result<Snapshot, ApiFailure> {
    let envelope: SnapshotEnvelope = call(
        Request::delete(&api::snapshot_path_of(account, id)),
        None::<&()>,
    )
    .await?;
    Ok(envelope.snapshot)
}

pub async fn rollback_snapshot(
    account: &AccountName,
    id: &SnapshotId,
    body: RollbackRequest,
) -> Result<Snapshot, ApiFailure> {
    let envelope: SnapshotEnvelope = call(
        Request::post(&api::rollback_path(account.as_str(), id.as_str())),
        Some(&body),
    )
    .await?;
    Ok(envelope.snapshot)
}

/// Bulk delete; with `preview` nothing is deleted, each id says what would happen.
pub async fn delete_snapshots(
    account: &AccountName,
    ids: Vec<SnapshotId>,
    preview: bool,
) -> Result<BulkDeleteReply, ApiFailure> {
    let body = BulkDeleteRequest { ids, preview };
    call(
        Request::post(&api::bulk_delete_path(account.as_str())),
        Some(&body),
    )
    .await
}

pub async fn list_volumes(account: &AccountName) -> Result<VolumeList, ApiFailure> {
    get_json(&api::volumes_path(account.as_str())).await
}

/// A GET of `url`: the answer `prefetch.js` already asked for when the page loaded, if it asked
/// for exactly this URL and nobody took it yet, else a request now.
async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    match take_prefetched(url) {
        Some(answer) => match JsFuture::from(answer).await {
            Ok(answer) => {
                let (status, request_id, body) = prefetched_parts(&answer)?;
                answered(status, request_id, &body)
            }
            Err(error) => Err(ApiFailure::Network {
                detail: js_sys::Error::from(error).message().into(),
            }),
        },
        None => call(Request::get(url), None::<&()>).await,
    }
}

/// The status, request id and body of an answer `prefetch.js` read.
fn prefetched_parts(answer: &JsValue) -> Result<(u16, Option<String>, Vec<u8>), ApiFailure> {
    let field = |name: &str| js_sys::Reflect::get(answer, &JsValue::from_str(name)).ok();
    let status = field("status").and_then(|status| status.as_f64());
    let body = field("bytes").and_then(|bytes| bytes.dyn_into::<js_sys::Uint8Array>().ok());
    match (status, body) {
        (Some(status), Some(body)) => Ok((
            status as u16,
            field("requestId").and_then(|id| id.as_string()),
            body.to_vec(),
        )),
        _ => Err(ApiFailure::Network {
            detail: "the answer read ahead of the app has no status or body".into(),
        }),
    }
}

/// Forgets the answers nobody took: after an `unauthenticated` one they are all stale (a list
/// refused before signing in must be asked for again once signed in).
fn drop_prefetched() {
    let _ = js_sys::Reflect::set(
        &window(),
        &JsValue::from_str(PREFETCH),
        &js_sys::Object::new(),
    );
}

/// The pending answer `prefetch.js` started for `url`, taken once.
fn take_prefetched(url: &str) -> Option<js_sys::Promise> {
    let calls = js_sys::Reflect::get(&window(), &JsValue::from_str(PREFETCH)).ok()?;
    let key = JsValue::from_str(url);
    let promise = js_sys::Reflect::get(&calls, &key).ok()?;
    let promise = promise.dyn_into::<js_sys::Promise>().ok()?;
    js_sys::Reflect::delete_property(calls.unchecked_ref::<js_sys::Object>(), &key).ok()?;
    Some(promise)
}

/// The global `prefetch.js` keeps its calls in.
const PREFETCH: &str = "snapdeckPrefetch";

/// Sends one request and reads the answer into `T` or a typed failure.
async fn call<T: DeserializeOwned, B: Serialize>(
    request: RequestBuilder,
    body: Option<&B>,
) -> Result<T, ApiFailure> {
    let request = request.header("accept", "application/json");
    let request = match body {
        Some(body) => request.json(body),
        None => request.build(),
    }
    .map_err(network)?;
    read(request.send().await.map_err(network)?).await
}

/// Reads an answer into `T` or a typed failure.
async fn read<T: DeserializeOwned>(response: gloo_net::http::Response) -> Result<T, ApiFailure> {
    let status = response.status();
    let request_id = response.headers().get(REQUEST_ID_HEADER);
    let body = response.binary().await.map_err(network)?;
    answered(status, request_id, &body)
}

/// An answer's body read into `T` or a typed failure; a refusal for want of a session shows the
/// sign-in page.
fn answered<T: DeserializeOwned>(
    status: u16,
    request_id: Option<String>,
    body: &[u8],
) -> Result<T, ApiFailure> {
    let result = interpret(status, request_id, body);
    if let Err(failure) = &result {
        notice_unauthenticated(failure);
    }
    result
}

fn network(error: gloo_net::Error) -> ApiFailure {
    ApiFailure::Network {
        detail: error.to_string(),
    }
}

// The team portal: session, audit log and API tokens.

use shared::portal::{
    codes, AuditPage, CreatedToken, NewToken, SessionInfo, SignIn, SignInMethods, TokenList,
};

pub const SESSION_PATH: &str = "/api/v1/session";
pub const SSO_START_PATH: &str = "/api/v1/session/oidc/start";
const METHODS_PATH: &str = "/api/v1/session/methods";
const AUDIT_PATH: &str = "/api/v1/audit";
pub const AUDIT_CSV_PATH: &str = "/api/v1/audit.csv";
const TOKENS_PATH: &str = "/api/v1/tokens";

pub async fn sign_in_methods() -> Result<SignInMethods, ApiFailure> {
    call(Request::get(METHODS_PATH), None::<&()>).await
}

pub async fn get_session() -> Result<SessionInfo, ApiFailure> {
    get_json(SESSION_PATH).await
}

/// Signs in (204 and the cookie). A refusal for too many attempts carries `Retry-After`.
pub async fn sign_in(body: &SignIn) -> Result<(), SignInFailure> {
    let request = Request::post(SESSION_PATH)
        .header("accept", "application/json")
        .json(body)
        .map_err(|error| SignInFailure::from(network(error)))?;
    let response = request
        .send()
        .await
        .map_err(|error| SignInFailure::from(network(error)))?;
    let retry_after_secs = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.trim().parse().ok());
    read_empty(response).await.map_err(|failure| SignInFailure {
        failure,
        retry_after_secs,
    })
}

pub async fn sign_out() -> Result<(), ApiFailure> {
    send_empty(Request::delete(SESSION_PATH)).await
}

/// One page of the audit log; `query` is the URL's own query string (the same names).
pub async fn list_audit(query: &str) -> Result<AuditPage, ApiFailure> {
    call(Request::get(&with_query(AUDIT_PATH, query)), None::<&()>).await
}

pub async fn list_tokens() -> Result<TokenList, ApiFailure> {
    call(Request::get(TOKENS_PATH), None::<&()>).await
}

pub async fn create_token(token: &NewToken) -> Result<CreatedToken, ApiFailure> {
    call(Request::post(TOKENS_PATH), Some(token)).await
}

pub async fn revoke_token(id: &str) -> Result<(), ApiFailure> {
    let path = format!("{TOKENS_PATH}/{}", api::encode_component(id));
    send_empty(Request::delete(&path)).await
}

/// `path?query`, or `path` alone for an empty query.
pub fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// A failed sign-in, with the wait the server asks for after too many attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInFailure {
    pub failure: ApiFailure,
    pub retry_after_secs: Option<u64>,
}

impl From<ApiFailure> for SignInFailure {
    fn from(failure: ApiFailure) -> Self {
        Self {
            failure,
            retry_after_secs: None,
        }
    }
}

/// A call without a body in the answer (204). Mutating calls say JSON even without a body.
async fn send_empty(request: RequestBuilder) -> Result<(), ApiFailure> {
    let response = request
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .send()
        .await
        .map_err(network)?;
    read_empty(response).await
}

async fn read_empty(response: gloo_net::http::Response) -> Result<(), ApiFailure> {
    let status = response.status();
    if (200..300).contains(&status) {
        return Ok(());
    }
    let request_id = response.headers().get(REQUEST_ID_HEADER);
    let body = response.binary().await.map_err(network)?;
    let result = interpret::<serde_json::Value>(status, request_id, &body).map(drop);
    if let Err(failure) = &result {
        notice_unauthenticated(failure);
    }
    result
}

thread_local! {
    /// Run when any call is answered `unauthenticated`: the console shows the sign-in page.
    static ON_UNAUTHENTICATED: std::cell::RefCell<Option<std::rc::Rc<dyn Fn()>>> =
        const { std::cell::RefCell::new(None) };
}

/// Registers what to do when the API answers `unauthenticated` (the session context does).
pub fn on_unauthenticated(hook: impl Fn() + 'static) {
    ON_UNAUTHENTICATED.with(|slot| *slot.borrow_mut() = Some(std::rc::Rc::new(hook)));
}

fn notice_unauthenticated(failure: &ApiFailure) {
    if failure.code() != codes::UNAUTHENTICATED {
        return;
    }
    drop_prefetched();
    if let Some(hook) = ON_UNAUTHENTICATED.with(|slot| slot.borrow().clone()) {
        hook();
    }
}
