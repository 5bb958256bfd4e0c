//! Reading CBS replies: a result, or Tencent's error as a [`CloudError`]. Tencent answers HTTP
//! 200 for its own errors, so the body decides; a body that is neither shape is a bad reply.

use serde::de::DeserializeOwned;

use super::wire::{Answered, ErrorResponse, Reply, ReplyV2, SnapshotV2};
use shared::validate::excerpt;

use crate::cloud::error::CloudError;

/// What the body of a reply may hold, at most this much of it quoted in an error.
const DETAIL_CHARS: usize = 200;

/// An API 3.0 reply body: the result, or Tencent's error.
pub fn read_v3<T: DeserializeOwned + Answered>(status: u16, body: &[u8]) -> Result<T, CloudError> {
    if let Ok(reply) = serde_json::from_slice::<Reply<ErrorResponse>>(body) {
        return Err(error_from_v3(reply.response));
    }
    match serde_json::from_slice::<Reply<T>>(body) {
        Ok(reply) if status == 200 => Ok(reply.response),
        Ok(reply) => Err(CloudError::BadReply {
            status,
            detail: "a result with an HTTP error status".to_owned(),
            upstream_request_id: Some(reply.response.request_id().to_owned()),
        }),
        Err(error) => Err(bad_reply(status, body, &error)),
    }
}

/// An API 2.0 reply body: `code` 0 with `totalCount` and the snapshots, or Tencent's error.
pub fn read_v2(status: u16, body: &[u8]) -> Result<(u64, Vec<SnapshotV2>), CloudError> {
    let reply =
        serde_json::from_slice::<ReplyV2>(body).map_err(|error| bad_reply(status, body, &error))?;
    if reply.code != 0 {
        return Err(error_from_v2(reply));
    }
    match (status, reply.total_count, reply.snapshot_set) {
        (200, Some(total_count), Some(snapshots)) => Ok((total_count, snapshots)),
        _ => Err(CloudError::BadReply {
            status,
            detail: "code 0 without totalCount and snapshotSet".to_owned(),
            upstream_request_id: None,
        }),
    }
}

fn bad_reply(status: u16, body: &[u8], error: &serde_json::Error) -> CloudError {
    let text = String::from_utf8_lossy(body);
    let quoted = excerpt(&text, DETAIL_CHARS);
    CloudError::BadReply {
        status,
        detail: format!("{error}; the body began {quoted:?}"),
        upstream_request_id: None,
    }
}

/// Tencent's API 3.0 error codes (`Response.Error.Code`) as console errors.
pub fn error_from_v3(response: ErrorResponse) -> CloudError {
    let ErrorResponse { error, request_id } = response;
    let upstream_request_id = Some(request_id).filter(|id| !id.is_empty());
    let code = error.code;
    if code.starts_with("AuthFailure") {
        return CloudError::CredentialsRejected {
            code,
            message: error.message,
            upstream_request_id,
        };
    }
    CloudError::Refused {
        status: v3_status(&code),
        code,
        message: error.message,
        upstream_request_id,
    }
}

/// The HTTP status the console answers for a refused call, by the code's family.
fn v3_status(code: &str) -> u16 {
    if code == "InvalidSnapshotId.Malformed" {
        return 400;
    }
    match code.split('.').next().unwrap_or(code) {
        "ResourceNotFound" | "InvalidSnapshotId" | "InvalidDiskId" => 404,
        "InvalidParameter"
        | "InvalidParameterValue"
        | "InvalidFilter"
        | "UnknownParameter"
        | "MissingParameter"
        | "UnsupportedRegion" => 400,
        "UnauthorizedOperation" | "OperationDenied" => 403,
        // The snapshot or disk is busy, attached, still being made, or the quota is used up:
        // the request was fine, the resource's state is not.
        "ResourceInUse"
        | "ResourceBusy"
        | "ResourceUnavailable"
        | "InvalidDisk"
        | "InsufficientSnapshotQuota"
        | "ResourceInsufficient" => 409,
        "RequestLimitExceeded" | "LimitExceeded" => 429,
        // InvalidAction, NoSuchVersion, InternalError, …: the console's or Tencent's fault.
        _ => 502,
    }
}

/// Tencent's API 2.0 error codes (`code` ≠ 0) as console errors.
pub fn error_from_v2(reply: ReplyV2) -> CloudError {
    let code = reply.code.to_string();
    let message = match reply.code_desc {
        Some(desc) if !desc.is_empty() => format!("{} ({desc})", reply.message),
        _ => reply.message,
    };
    match reply.code {
        // 4100 authentication failed, 4104 unknown SecretId.
        4100 | 4104 => CloudError::CredentialsRejected {
            code,
            message,
            upstream_request_id: None,
        },
        status_code => CloudError::Refused {
            status: match status_code {
                4000 | 9003 => 400,
                4101 | 4102 => 403,
                4400 => 429,
                // 4500 (replayed nonce or clock off by hours) and 5xxx/6xxx: not the user's input.
                _ => 502,
            },
            code,
            message,
            upstream_request_id: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::cbs::wire::DescribeSnapshotsResponse;

    fn v3_error(code: &str) -> CloudError {
        let body = serde_json::to_vec(&Reply {
            response: ErrorResponse {
                error: crate::cloud::cbs::wire::ErrorInfo {
                    code: code.to_owned(),
                    message: "m".to_owned(),
                },
                request_id: "req-1".to_owned(),
            },
        })
        .unwrap();
        read_v3::<DescribeSnapshotsResponse>(200, &body).unwrap_err()
    }

    fn refused_status(error: &CloudError) -> Option<u16> {
        match error {
            CloudError::Refused { status, .. } => Some(*status),
            _ => None,
        }
    }

    #[test]
    fn v3_auth_failures_reject_the_credentials() {
        for code in [
            "AuthFailure.SignatureFailure",
            "AuthFailure.SignatureExpire",
            "AuthFailure.SecretIdNotFound",
            "AuthFailure.InvalidAuthorization",
        ] {
            match v3_error(code) {
                CloudError::CredentialsRejected {
                    code: got,
                    upstream_request_id,
                    ..
                } => {
                    assert_eq!(got, code);
                    assert_eq!(upstream_request_id.as_deref(), Some("req-1"));
                }
                other => panic!("{code}: {other:?}"),
            }
        }
    }

    #[test]
    fn v3_other_errors_are_refusals_by_family() {
        let cases = [
            ("InvalidParameter", 400),
            ("InvalidParameterValue.LimitExceeded", 400),
            ("InvalidFilter", 400),
            ("UnknownParameter", 400),
            ("MissingParameter", 400),
            ("UnsupportedRegion", 400),
            ("InvalidSnapshotId.Malformed", 400),
            ("ResourceNotFound.SnapshotNotExist", 404),
            ("InvalidSnapshotId.NotFound", 404),
            ("InvalidDiskId.NotFound", 404),
            ("ResourceInUse", 409),
            ("ResourceBusy", 409),
            ("ResourceUnavailable.SnapshotCreating", 409),
            ("InvalidDisk.Busy", 409),
            ("InsufficientSnapshotQuota", 409),
            ("UnauthorizedOperation", 403),
            ("RequestLimitExceeded", 429),
            ("InvalidAction", 502),
            ("NoSuchVersion", 502),
            ("InternalError", 502),
        ];
        for (code, status) in cases {
            let error = v3_error(code);
            assert_eq!(refused_status(&error), Some(status), "{code}");
            assert_eq!(error.upstream_request_id(), Some("req-1"));
        }
    }

    #[test]
    fn v3_result_and_bad_bodies() {
        let body = br#"{"Response":{"TotalCount":0,"SnapshotSet":[],"RequestId":"r"}}"#;
        let read = |status, body| read_v3::<DescribeSnapshotsResponse>(status, body);
        assert_eq!(read(200, body).unwrap().total_count, 0);
        match read(502, b"<html>Bad Gateway</html>").unwrap_err() {
            CloudError::BadReply { status, detail, .. } => {
                assert_eq!(status, 502);
                assert!(detail.contains("<html>Bad Gateway"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read(503, body),
            Err(CloudError::BadReply { status: 503, .. })
        ));
        assert!(matches!(
            read(200, br#"{"Response":{}}"#),
            Err(CloudError::BadReply { .. })
        ));
    }

    #[test]
    fn v2_codes() {
        let reply = |code: i64| ReplyV2 {
            code,
            message: "鉴权失败".into(),
            code_desc: Some("AuthFailure".into()),
            total_count: None,
            snapshot_set: None,
        };
        let read = |code| read_v2(200, &serde_json::to_vec(&reply(code)).unwrap()).unwrap_err();
        for code in [4100, 4104] {
            match read(code) {
                CloudError::CredentialsRejected {
                    code: got, message, ..
                } => {
                    assert_eq!(got, code.to_string());
                    assert_eq!(message, "鉴权失败 (AuthFailure)");
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(refused_status(&read(9003)), Some(400));
        assert_eq!(refused_status(&read(4500)), Some(502));
        let ok = br#"{"code":0,"message":"","totalCount":0,"snapshotSet":[]}"#;
        assert_eq!(read_v2(200, ok).unwrap(), (0, Vec::new()));
        assert!(matches!(
            read_v2(200, br#"{"code":0,"message":"","snapshotSet":[]}"#),
            Err(CloudError::BadReply { .. })
        ));
        assert!(matches!(
            read_v2(200, b"nope"),
            Err(CloudError::BadReply { .. })
        ));
    }
}
