//! One reply type for every harness, whichever side answered: the console through `oneshot`, or
//! an emulator over HTTP. Each API's error shape has its own assertion here.

use std::fmt::Debug;

use axum::body::HttpBody;
use axum::http::{header, HeaderMap, Response, StatusCode};
use http_body_util::BodyExt;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;
use shared::api::{ApiError, ErrorBody};
use snapdeck::cloud::evs::wire::EvsError;

/// An HTTP reply as the tests look at it.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    /// Every header as sent, so a duplicate would show.
    pub headers: HeaderMap,
    /// The body as text.
    pub text: String,
    /// The body as JSON; `Null` when it is not JSON.
    pub body: Value,
}

impl Reply {
    /// Reads a whole response: the router's `axum` one, or an emulator's `reqwest` one.
    pub async fn read<B>(response: impl Into<Response<B>>) -> Self
    where
        B: HttpBody,
        B::Error: Debug,
    {
        let (parts, body) = response.into().into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        Reply {
            status: parts.status,
            headers: parts.headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        }
    }

    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|error| panic!("{error}: {}", self.excerpt()))
    }

    /// Whether the body is JSON: `body` cannot tell, as a body that is not reads as `Null`.
    pub fn is_json(&self) -> bool {
        serde_json::from_str::<IgnoredAny>(&self.text).is_ok()
    }

    /// The body, cut short for assertion messages.
    pub fn excerpt(&self) -> String {
        self.text.chars().take(400).collect()
    }

    /// A header's value; a missing header fails the test.
    pub fn header(&self, name: &str) -> &str {
        let value = self.headers.get(name);
        let value = value.unwrap_or_else(|| panic!("no {name} header: {:?}", self.headers));
        value.to_str().unwrap()
    }

    /// Asserts the console's error shape and returns it.
    pub fn error(&self, status: StatusCode, code: &str) -> ApiError {
        assert_eq!(self.status, status, "{}", self.excerpt());
        let body: ErrorBody = self.json();
        assert_eq!(body.error.code, code, "{}", self.excerpt());
        assert!(!body.error.message.is_empty());
        assert_eq!(
            body.error.request_id,
            self.header("x-request-id"),
            "the body names the request id"
        );
        body.error
    }

    /// Asserts an EVS error reply and returns it.
    pub fn evs_error(&self, status: StatusCode, kind: &str, code: &str) -> EvsError {
        assert_eq!(self.status, status, "{}", self.excerpt());
        let error = EvsError::parse(self.text.as_bytes()).expect("an EVS error body");
        assert_eq!(
            (error.kind.as_str(), error.code.as_str()),
            (kind, code),
            "{}",
            self.excerpt()
        );
        assert!(!error.message.is_empty());
        error
    }

    /// Asserts EVS's 400 with this code and returns it.
    pub fn bad_request(&self, code: &str) -> EvsError {
        self.evs_error(StatusCode::BAD_REQUEST, "badRequest", code)
    }

    /// What Tencent promises for every reply, errors included: HTTP 200 and one JSON type.
    pub fn assert_tencent_envelope(&self) {
        assert_eq!(self.status, StatusCode::OK, "{}", self.excerpt());
        let content_types: Vec<&str> = self
            .headers
            .get_all(header::CONTENT_TYPE)
            .iter()
            .map(|value| value.to_str().unwrap())
            .collect();
        assert_eq!(content_types, ["application/json"], "{}", self.excerpt());
    }
}
