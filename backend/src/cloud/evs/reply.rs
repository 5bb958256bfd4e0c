//! Reading EVS replies: a success body as the caller's type, or the error EVS or its API
//! gateway sent, classified as a [`CloudError`] (refused keys apart from other refusals).

use serde::de::DeserializeOwned;
use shared::Operation;

use super::wire;
use crate::cloud::error::CloudError;
use crate::cloud::http::{Answer, Reply};

/// The API gateway's own "no such route" code: the only answer that switches the show route.
const NO_SUCH_ROUTE: &str = "APIG.0101";

/// A success body as `T`; anything else as the error EVS (or its gateway) sent.
pub fn read_reply<T: DeserializeOwned>(
    operation: Operation,
    reply: Reply,
) -> Result<Answer<T>, CloudError> {
    let Reply {
        status,
        upstream_request_id,
        body,
    } = reply;
    if (200..300).contains(&status) {
        // A 202 or 204 may come without a body: read it as JSON's `null`.
        let body: &[u8] = if body.is_empty() { b"null" } else { &body };
        // Checked as UTF-8 once, whole, rather than string by string as `from_slice` does
        // (a tenth of the read); a body that is not UTF-8 goes to `from_slice`, which says where.
        let parsed = match std::str::from_utf8(body) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(body),
        };
        return match parsed {
            Ok(value) => Ok(Answer::new(value, upstream_request_id)),
            Err(error) => Err(CloudError::BadReply {
                status,
                detail: format!("{operation} reply: {error}"),
                upstream_request_id,
            }),
        };
    }
    Err(classify_failure(status, &body, upstream_request_id))
}

pub fn is_no_such_route(error: &CloudError) -> bool {
    matches!(error, CloudError::Refused { code, .. } if code == NO_SUCH_ROUTE)
}

fn classify_failure(status: u16, body: &[u8], upstream: Option<String>) -> CloudError {
    match wire::EvsError::parse(body) {
        Some(error)
            if error.kind == "APIG"
                && (status == 401 || status == 403 || is_credential_code(&error.code)) =>
        {
            CloudError::CredentialsRejected {
                code: error.code,
                message: error.message,
                upstream_request_id: upstream,
            }
        }
        Some(error) => CloudError::Refused {
            status,
            code: error.code,
            message: error.message,
            upstream_request_id: upstream,
        },
        None => CloudError::BadReply {
            status,
            detail: format!(
                "HTTP {status} with a body that is not an EVS error ({} bytes)",
                body.len()
            ),
            upstream_request_id: upstream,
        },
    }
}

/// Gateway codes that mean the keys or the signature were refused.
fn is_credential_code(code: &str) -> bool {
    matches!(
        code,
        "APIG.0301" | "APIG.0302" | "APIG.0303" | "APIG.0304" | "APIG.0305" | "APIG.0307"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_classified() {
        let missing =
            br#"{"itemNotFound": {"message": "snapshot x not found", "code": "EVS.4001"}}"#;
        assert!(matches!(
            classify_failure(404, missing, None),
            CloudError::Refused { status: 404, .. }
        ));
        let no_route = br#"{"error_code": "APIG.0101", "error_msg": "The API does not exist"}"#;
        assert!(is_no_such_route(&classify_failure(404, no_route, None)));
        let bad_sig = br#"{"error_code": "APIG.0301", "error_msg": "Incorrect IAM authentication information"}"#;
        assert!(matches!(
            classify_failure(401, bad_sig, Some("r".into())),
            CloudError::CredentialsRejected { .. }
        ));
        // A proxy's HTML 404 is not the gateway saying the route is missing.
        let html = classify_failure(404, b"<html>Not Found</html>", None);
        assert!(matches!(html, CloudError::BadReply { status: 404, .. }));
        assert!(!is_no_such_route(&html));
        assert!(matches!(
            classify_failure(500, b"<html>oops</html>", None),
            CloudError::BadReply { status: 500, .. }
        ));
    }
}
