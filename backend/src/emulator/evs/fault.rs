//! Every way the emulator refuses a request, with the status, error kind, code and message EVS
//! gives for it (the table is in the module doc of [`super`]).

use crate::cloud::evs::wire::{EvsError, GatewayError};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// A refused request. Messages carry only what the client sent, never a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The project id in the path is not this emulator's.
    InvalidProject,
    /// The body is not JSON, or not the JSON the call takes.
    MalformedBody(String),
    /// A field is present but breaks a rule (too long, control character, …).
    InvalidInput(String),
    /// `volume_id` is missing or empty.
    MissingVolumeId,
    /// `volume_id` names no volume of this project.
    VolumeNotFound(String),
    /// A snapshot of an attached volume was asked for without `force: true`.
    VolumeInUse(String),
    /// An update that names neither `name` nor `description`.
    NothingToUpdate,
    LimitNotInteger,
    LimitNotPositive,
    LimitTooLarge,
    OffsetNotInteger,
    /// `marker` names no snapshot (or volume) of this project.
    MarkerNotFound(String),
    /// The path or a header cannot be read (e.g. no usable `Host` for an absolute link).
    MalformedUrl(String),
    SnapshotNotFound(String),
    /// Delete or rollback of a snapshot whose status does not allow it.
    SnapshotStatus {
        id: String,
        status: String,
    },
    /// Rollback onto a volume that is not detached (`available` or `error_rollbacking`).
    VolumeStatus {
        id: String,
        status: String,
    },
    /// Rollback onto a volume other than the snapshot's own.
    WrongVolume {
        snapshot: String,
        volume: String,
    },
    /// Rollback of a snapshot the backup service made (`autobk_snapshot_*`).
    AutoBackupSnapshot(String),
    /// No such method and path: the API gateway's own 404.
    NoSuchRoute,
}

pub const BAD_REQUEST: &str = "badRequest";
pub const ITEM_NOT_FOUND: &str = "itemNotFound";

impl Fault {
    pub fn status(&self) -> StatusCode {
        match self {
            Fault::SnapshotNotFound(_) | Fault::NoSuchRoute => StatusCode::NOT_FOUND,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// EVS's error code for this fault.
    pub fn code(&self) -> &'static str {
        match self {
            Fault::InvalidProject => "EVS.0001",
            Fault::MissingVolumeId | Fault::VolumeNotFound(_) => "EVS.1002",
            Fault::MarkerNotFound(_) => "EVS.1024",
            Fault::LimitTooLarge => "EVS.2142",
            Fault::SnapshotNotFound(_) => "EVS.5404",
            Fault::SnapshotStatus { .. } | Fault::VolumeStatus { .. } => "EVS.1047",
            Fault::NoSuchRoute => "APIG.0101",
            Fault::MalformedBody(_)
            | Fault::InvalidInput(_)
            | Fault::VolumeInUse(_)
            | Fault::NothingToUpdate
            | Fault::WrongVolume { .. }
            | Fault::AutoBackupSnapshot(_)
            | Fault::LimitNotInteger
            | Fault::LimitNotPositive
            | Fault::OffsetNotInteger
            | Fault::MalformedUrl(_) => "EVS.5400",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Fault::InvalidProject => "invalid tenant id!".to_owned(),
            Fault::MalformedBody(detail) => format!("Malformed request body: {detail}"),
            Fault::InvalidInput(detail) => format!("Invalid input received: {detail}"),
            Fault::MissingVolumeId => "invalid volume id! volume_id is required.".to_owned(),
            Fault::VolumeNotFound(id) => format!("Volume {id} could not be found."),
            Fault::VolumeInUse(id) => format!(
                "Invalid volume: Volume {id} status must be available, but current status is: \
                 in-use. Set \"force\": true to snapshot an attached volume."
            ),
            Fault::NothingToUpdate => {
                "Invalid input received: the snapshot body must contain name or description."
                    .to_owned()
            }
            Fault::LimitNotInteger => "limit param must be an integer.".to_owned(),
            Fault::LimitNotPositive => "limit param must be positive.".to_owned(),
            Fault::LimitTooLarge => "invalid filter limit, can not greater than 1000.".to_owned(),
            Fault::OffsetNotInteger => "offset param must be an integer, zero or more.".to_owned(),
            Fault::MarkerNotFound(marker) => {
                format!("invalid filter marker! Marker {marker} could not be found.")
            }
            Fault::MalformedUrl(detail) => format!("Malformed request url: {detail}"),
            Fault::SnapshotNotFound(id) => format!("Snapshot {id} could not be found."),
            Fault::SnapshotStatus { id, status } => format!(
                "Invalid snapshot: Snapshot {id} status must be available or error, but current status is: {status}."
            ),
            Fault::VolumeStatus { id, status } => format!(
                "Invalid volume: Volume {id} status must be available or error_rollbacking, but current status is: {status}."
            ),
            Fault::WrongVolume { snapshot, volume } => format!(
                "Invalid input received: snapshot {snapshot} can only be rolled back to its source volume, not {volume}."
            ),
            Fault::AutoBackupSnapshot(id) => format!(
                "Invalid input received: snapshot {id} was created by the backup service and cannot be rolled back."
            ),
            Fault::NoSuchRoute => {
                "The API does not exist or has not been published in the environment".to_owned()
            }
        }
    }

    /// The EVS error this fault is, as a client would parse it.
    pub fn to_evs_error(&self) -> EvsError {
        let kind = match self.status() {
            StatusCode::NOT_FOUND => ITEM_NOT_FOUND,
            _ => BAD_REQUEST,
        };
        EvsError::new(kind, self.code(), self.message())
    }
}

impl IntoResponse for Fault {
    fn into_response(self) -> Response {
        let status = self.status();
        match self {
            // The gateway answers for paths it does not route, in its own shape, so a client
            // can tell a missing route from a missing snapshot.
            Fault::NoSuchRoute => {
                let body = GatewayError {
                    error_code: self.code().to_owned(),
                    error_msg: self.message(),
                    request_id: None,
                };
                (status, Json(body)).into_response()
            }
            _ => (status, Json(self.to_evs_error().to_body())).into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_parse_back_as_evs_errors() {
        let faults = [
            Fault::InvalidProject,
            Fault::MalformedBody("x".into()),
            Fault::MarkerNotFound("m".into()),
            Fault::LimitTooLarge,
            Fault::SnapshotNotFound("s".into()),
        ];
        for fault in faults {
            let body = fault.to_evs_error().to_body().to_string();
            let parsed = EvsError::parse(body.as_bytes()).unwrap();
            assert_eq!(parsed.code, fault.code());
            assert_eq!(parsed.message, fault.message());
        }
        assert_eq!(
            Fault::SnapshotNotFound("s".into()).to_evs_error().kind,
            ITEM_NOT_FOUND
        );
        assert_eq!(
            Fault::VolumeInUse("v".into()).to_evs_error().kind,
            BAD_REQUEST
        );
    }
}
