//! The API's gate: CSRF rules, then who is calling. The caller and the client address are kept
//! for the request in a task-local, like the request id, so the service layer's one
//! authorize-and-audit hook finds them without every handler passing them along.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::api::API_PREFIX;

use super::{csrf, AuthError, Caller, Portal};
use crate::audit;
use crate::error::ApiError;
use crate::AppState;

/// What the service layer needs to know of the request it serves.
pub struct RequestContext {
    /// `None`: not signed in (only the public routes get this far).
    pub caller: Option<Caller>,
    pub client: String,
    pub portal: Option<Arc<Portal>>,
    /// Filled in while the request runs, for its audit record.
    pub notes: Mutex<audit::Notes>,
}

tokio::task_local! {
    static CONTEXT: Arc<RequestContext>;
}

/// The context of the request being handled, if called within one.
pub fn current() -> Option<Arc<RequestContext>> {
    CONTEXT.try_with(Arc::clone).ok()
}

/// Routes anyone may call: health, the document, and signing in.
fn is_public(method: &Method, path: &str) -> bool {
    matches!(
        (method, path),
        (&Method::GET, "/health")
            | (&Method::GET, "/openapi.json")
            | (&Method::POST, "/session")
            | (&Method::GET, "/session/methods")
            | (&Method::GET, "/session/oidc/start")
            | (&Method::GET, "/session/oidc/callback")
    )
}

/// The client's address: the socket's, or (behind a trusted load balancer) the first
/// `X-Forwarded-For` entry.
fn client_address(request: &Request, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for {
        let forwarded = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|value| value.to_str().ok())
            // The last entry is the one our own load balancer added; earlier ones are the
            // client's to invent.
            .and_then(|value| value.rsplit(',').next())
            .map(str::trim)
            .filter(|value| value.parse::<std::net::IpAddr>().is_ok());
        if let Some(address) = forwarded {
            return address.to_owned();
        }
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let portal = state.portal().cloned();
    let method = request.method().clone();
    let path = request.uri().path();
    let path = path.strip_prefix(API_PREFIX).unwrap_or(path).to_owned();
    let client = client_address(
        &request,
        portal
            .as_ref()
            .is_some_and(|portal| portal.config.trust_forwarded_for),
    );
    let expected_origin = portal.as_ref().map(|portal| portal.config.origin());
    if let Err(error) = csrf::check(&method, request.headers(), expected_origin.as_deref()) {
        return ApiError::from(error).into_response();
    }
    let caller = match &portal {
        None => Some(Caller::local()),
        Some(portal) => match portal.identify(request.headers()).await {
            Ok(caller) => caller,
            Err(error) => return ApiError::from(error).into_response(),
        },
    };
    if caller.is_none() && !is_public(&method, &path) {
        return ApiError::from(AuthError::Unauthenticated).into_response();
    }
    let by_token = caller
        .as_ref()
        .is_some_and(|caller| caller.credential.starts_with("token:"));
    let context = Arc::new(RequestContext {
        caller,
        client,
        portal,
        notes: Mutex::new(audit::Notes::default()),
    });
    let response = CONTEXT.scope(Arc::clone(&context), next.run(request)).await;
    // Writes are audited by the service layer; a token's other uses are audited here.
    if by_token
        && !matches!(
            method,
            Method::POST | Method::PUT | Method::PATCH | Method::DELETE
        )
    {
        audit::token_use(&context, &method, &path, response.status()).await;
    }
    response
}

/// Whether the request's caller may see `account` at all (grants); outside a request, no.
pub fn sees(account: &str) -> bool {
    current()
        .and_then(|context| context.caller.as_ref().map(|caller| caller.sees(account)))
        .unwrap_or(false)
}
