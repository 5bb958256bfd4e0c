//! The snapshot as the console's API describes it, whatever the provider: provider-neutral
//! fields, a normalised status next to the provider's own word, and a typed extra for what one
//! provider has beyond the rest. Each provider maps its own wire format onto this in one place.

use std::collections::BTreeMap;
use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::api::Provider;
use crate::time;

/// One volume snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Snapshot {
    pub id: String,
    /// Empty when the snapshot has no name.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Normalised across providers (`available`, `creating`, …); a word no provider documents
    /// is kept as it came.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "available"))]
    pub status: SnapshotStatus,
    /// The provider's own status word (`available` on EVS, `NORMAL` on CBS).
    pub provider_status: String,
    pub size_gib: u64,
    /// The volume (EVS) or disk (CBS) the snapshot was taken from.
    pub volume_id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2024-05-01T08:30:00.000000"))]
    pub created_at: Timestamp,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub updated_at: Option<Timestamp>,
    /// 0–100, where the provider reports it.
    #[serde(default)]
    pub progress: Option<u8>,
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
    /// Made by a backup service rather than by a person; the console leaves it alone.
    #[serde(default)]
    pub auto_backup: bool,
    /// When the snapshot deletes itself (CBS); absent for a snapshot kept until deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub expires_at: Option<Timestamp>,
    /// What this snapshot's provider says beyond the fields above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<ProviderExtra>,
}

impl Snapshot {
    /// The name, or the id for a snapshot without one.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }

    /// The snapshot as the console last asked it to be (`deleting`, `rollbacking`): what a
    /// write's reply shows until the provider's next read says more.
    pub fn marked(mut self, status: SnapshotStatus) -> Self {
        self.provider_status = status.as_str().to_owned();
        self.status = status;
        self
    }

    /// The provider's status word, where it says more than the normalised status.
    pub fn distinct_provider_status(&self) -> Option<&str> {
        (self.provider_status != self.status.as_str()).then_some(self.provider_status.as_str())
    }
}

/// A provider's fields beyond the common model, tagged with the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "provider", rename_all = "lowercase")]
pub enum ProviderExtra {
    Evs(EvsExtra),
    Cbs(CbsExtra),
}

impl ProviderExtra {
    pub fn provider(&self) -> Provider {
        match self {
            ProviderExtra::Evs(_) => Provider::Evs,
            ProviderExtra::Cbs(_) => Provider::Cbs,
        }
    }
}

/// Huawei Cloud EVS.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvsExtra {
    /// The project the snapshot belongs to, where EVS says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
}

/// Tencent Cloud CBS.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CbsExtra {
    /// The numeric project id, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The kind of disk the snapshot was taken from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "DATA_DISK"))]
    pub disk_usage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    /// The creation time exactly as the provider wrote it (Beijing time, or Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at_raw: Option<String>,
}

/// What a create call asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSnapshot {
    pub volume_id: String,
    /// Take the snapshot even though the volume is attached to a server.
    #[serde(default)]
    pub force: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// CBS: the snapshot deletes itself at this time (UTC); absent keeps it until deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2030-01-08T09:47:55Z"))]
    pub expires_at: Option<Timestamp>,
}

/// What an update call changes; absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnapshotChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// CBS: `true` keeps the snapshot until deleted (clearing any expiry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permanent: Option<bool>,
    /// CBS: the snapshot deletes itself at this time (UTC); it is then no longer permanent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2030-01-08T09:47:55Z"))]
    pub expires_at: Option<Timestamp>,
}

impl SnapshotChanges {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.description.is_none()
            && self.permanent.is_none()
            && self.expires_at.is_none()
    }
}

/// `{"snapshot": {…}}`: one snapshot in a reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SnapshotEnvelope {
    pub snapshot: Snapshot,
}

/// `POST …/snapshots` body: `{"snapshot": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateSnapshotRequest {
    pub snapshot: NewSnapshot,
}

/// `PUT …/snapshots/{id}` body: `{"snapshot": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateSnapshotRequest {
    pub snapshot: SnapshotChanges,
}

/// A snapshot status. Unknown values are kept as they came, never an error.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SnapshotStatus {
    Creating,
    Available,
    Error,
    Deleting,
    ErrorDeleting,
    Rollbacking,
    BackingUp,
    Other(String),
}

impl SnapshotStatus {
    /// Every status EVS documents, in the order a filter offers them.
    pub const KNOWN: [SnapshotStatus; 7] = [
        SnapshotStatus::Available,
        SnapshotStatus::Creating,
        SnapshotStatus::Error,
        SnapshotStatus::Deleting,
        SnapshotStatus::ErrorDeleting,
        SnapshotStatus::Rollbacking,
        SnapshotStatus::BackingUp,
    ];

    pub fn parse(text: &str) -> Self {
        match text {
            "creating" => Self::Creating,
            "available" => Self::Available,
            "error" => Self::Error,
            "deleting" => Self::Deleting,
            "error_deleting" => Self::ErrorDeleting,
            "rollbacking" => Self::Rollbacking,
            "backing-up" => Self::BackingUp,
            other => Self::Other(other.to_owned()),
        }
    }

    /// A status EVS documents (as opposed to one kept as it came).
    pub fn parse_known(text: &str) -> Option<Self> {
        match Self::parse(text) {
            Self::Other(_) => None,
            known => Some(known),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Creating => "creating",
            Self::Available => "available",
            Self::Error => "error",
            Self::Deleting => "deleting",
            Self::ErrorDeleting => "error_deleting",
            Self::Rollbacking => "rollbacking",
            Self::BackingUp => "backing-up",
            Self::Other(text) => text,
        }
    }

    /// A status that will change by itself, so a view showing it should poll.
    pub fn is_transitional(&self) -> bool {
        matches!(
            self,
            Self::Creating | Self::Deleting | Self::Rollbacking | Self::BackingUp
        )
    }
}

impl fmt::Display for SnapshotStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for SnapshotStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SnapshotStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Read from the borrowed text: a known status costs no allocation (every snapshot of
        // every page the console proxies passes here).
        struct Status;
        impl<'de> de::Visitor<'de> for Status {
            type Value = SnapshotStatus;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a status string or null")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(SnapshotStatus::parse(text))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(SnapshotStatus::parse(""))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(SnapshotStatus::parse(""))
            }
            fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
                inner.deserialize_str(self)
            }
        }
        deserializer.deserialize_option(Status)
    }
}

/// A point in time as the cloud wrote it. A time that parses is kept in EVS's canonical form
/// (`YYYY-MM-DDTHH:MM:SS.ffffff`, UTC); one that does not is kept verbatim, never an error.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(String);

impl Timestamp {
    pub fn from_micros(micros: i64) -> Self {
        Self(time::format_evs(micros))
    }

    /// Normalises what parses; keeps the rest as it came.
    pub fn parse(text: &str) -> Self {
        // Already canonical (what EVS and the emulator send): kept as it is, without a parse
        // and a reformat.
        if time::is_canonical_evs(text) {
            return Self(text.to_owned());
        }
        match time::parse_utc_micros(text) {
            Some(micros) => Self::from_micros(micros),
            None => Self(text.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn unix_micros(&self) -> Option<i64> {
        time::parse_utc_micros(&self.0)
    }

    pub fn unix_millis(&self) -> Option<i64> {
        self.unix_micros().map(|micros| micros.div_euclid(1000))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    /// Text (normalised by [`Timestamp::parse`]) or whole Unix seconds. A visitor rather than
    /// an untagged enum, which would buffer every value before trying each shape.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Time;
        impl de::Visitor<'_> for Time {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time as text or as Unix seconds")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Timestamp::parse(text))
            }
            fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Self::Value, E> {
                Ok(Timestamp::from_micros(seconds.saturating_mul(1_000_000)))
            }
            fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Self::Value, E> {
                let seconds = i64::try_from(seconds)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(seconds), &self))?;
                self.visit_i64(seconds)
            }
        }
        deserializer.deserialize_any(Time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> serde_json::Value {
        serde_json::json!({
            "id": "snap-1",
            "name": "",
            "description": null,
            "status": "available",
            "provider_status": "NORMAL",
            "size_gib": 50,
            "volume_id": "disk-1",
            "created_at": "2024-01-01T00:00:00.000000",
            "updated_at": null,
            "progress": 100,
            "metadata": {},
            "auto_backup": false,
            "expires_at": "2030-01-01T00:00:00.000000",
            "extra": {"provider": "cbs", "zone": "ap-guangzhou-3", "encrypted": true}
        })
    }

    #[test]
    fn round_trips_the_console_shape() {
        let snapshot: Snapshot = serde_json::from_value(sample()).unwrap();
        assert_eq!(snapshot.display_name(), "snap-1");
        assert_eq!(snapshot.distinct_provider_status(), Some("NORMAL"));
        assert_eq!(snapshot.extra.as_ref().unwrap().provider(), Provider::Cbs);
        assert_eq!(serde_json::to_value(&snapshot).unwrap(), sample());
    }

    #[test]
    fn unknown_status_is_kept() {
        let mut value = sample();
        value["status"] = "migrating".into();
        let snapshot: Snapshot = serde_json::from_value(value).unwrap();
        assert_eq!(snapshot.status, SnapshotStatus::Other("migrating".into()));
        assert_eq!(
            serde_json::to_value(&snapshot).unwrap()["status"],
            "migrating"
        );
        assert!(!snapshot.status.is_transitional());
    }

    #[test]
    fn every_known_status_round_trips() {
        for status in SnapshotStatus::KNOWN {
            assert_eq!(SnapshotStatus::parse(status.as_str()), status);
            assert_eq!(SnapshotStatus::parse_known(status.as_str()), Some(status));
        }
        assert_eq!(SnapshotStatus::parse_known("AVAILABLE"), None);
    }

    #[test]
    fn times_parse_tolerantly() {
        assert_eq!(
            Timestamp::parse("2013-02-25t04:13:17.000000").as_str(),
            "2013-02-25T04:13:17.000000"
        );
        let odd = Timestamp::parse("not a time");
        assert_eq!(odd.as_str(), "not a time");
        assert_eq!(odd.unix_micros(), None);
        let stamp: Timestamp = serde_json::from_str("1463486328").unwrap();
        assert_eq!(stamp.as_str(), "2016-05-17T11:58:48.000000");
        // Canonical text is kept as it is; anything else that parses is rewritten canonically.
        for (text, kept) in [
            ("2026-11-19T18:58:45.254689", "2026-11-19T18:58:45.254689"),
            ("2026-11-19T18:58:45Z", "2026-11-19T18:58:45.000000"),
            ("2026-11-19 18:58:45.5", "2026-11-19T18:58:45.500000"),
            ("2016-12-31T23:59:60.000000", "2017-01-01T00:00:00.000000"),
        ] {
            let stamp: Timestamp = serde_json::from_value(text.into()).unwrap();
            assert_eq!(stamp.as_str(), kept, "{text}");
            assert_eq!(stamp, Timestamp::from_micros(stamp.unix_micros().unwrap()));
        }
        assert!(serde_json::from_str::<Timestamp>("1.5").is_err());
        assert!(serde_json::from_str::<Timestamp>("18446744073709551615").is_err());
        let status: SnapshotStatus = serde_json::from_str("null").unwrap();
        assert_eq!(status, SnapshotStatus::parse(""));
        let status: SnapshotStatus = serde_json::from_str("\"available\"").unwrap();
        assert_eq!(status, SnapshotStatus::Available);
    }

    #[test]
    fn a_named_snapshot_shows_its_name() {
        let mut snapshot: Snapshot = serde_json::from_value(sample()).unwrap();
        snapshot.name = "nightly".into();
        snapshot.provider_status = "available".into();
        assert_eq!(snapshot.display_name(), "nightly");
        assert_eq!(snapshot.distinct_provider_status(), None);
    }
}
