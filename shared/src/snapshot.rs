//! The snapshot resource, as EVS documents it (`../shared/SPEC.md`), tolerant of the places
//! where the vendor's own documents disagree with each other.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::time;

/// Metadata key whose presence marks a snapshot made automatically by a server backup.
pub const AUTO_BACKUP_METADATA_KEY: &str = "__system__enableActive";

/// One volume snapshot. Field names are EVS's, so this is also the EVS wire form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub id: String,
    pub status: SnapshotStatus,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub created_at: Timestamp,
    /// Seed 002 spells it `update_at`.
    #[serde(default, alias = "update_at")]
    pub updated_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub metadata: BTreeMap<String, String>,
    pub volume_id: String,
    /// GB.
    pub size: u64,
    #[serde(
        rename = "os-extended-snapshot-attributes:project_id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub project_id: Option<String>,
    /// e.g. `"100%"`.
    #[serde(
        rename = "os-extended-snapshot-attributes:progress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub progress: Option<String>,
    /// Fields a provider other than EVS has and EVS has not (absent for EVS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_details: Option<ProviderDetails>,
}

impl Snapshot {
    /// Made by a server backup rather than by a person.
    pub fn is_auto_backup(&self) -> bool {
        self.metadata.contains_key(AUTO_BACKUP_METADATA_KEY)
    }

    /// The progress as a whole percentage, when the provider reported one that parses.
    pub fn progress_percent(&self) -> Option<u8> {
        let text = self.progress.as_deref()?.trim();
        let number = text.strip_suffix('%').unwrap_or(text).trim();
        let value: f64 = number.parse().ok()?;
        (0.0..=100.0).contains(&value).then(|| value.round() as u8)
    }
}

/// What a non-EVS provider says of a snapshot beyond the common model (Tencent CBS today).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderDetails {
    /// The provider's own status word, e.g. CBS `NORMAL` or 2.0's `normal`.
    pub status: String,
    /// `SYSTEM_DISK` / `DATA_DISK` (2.0's `root` / `data` are mapped to these).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disk_usage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    /// The creation time exactly as the provider wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time_raw: Option<String>,
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
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
        let text = Option::<String>::deserialize(deserializer)?.unwrap_or_default();
        Ok(Self::parse(&text))
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
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Text(String),
            UnixSeconds(i64),
        }
        Ok(match Wire::deserialize(deserializer)? {
            Wire::Text(text) => Self::parse(&text),
            Wire::UnixSeconds(seconds) => Self::from_micros(seconds.saturating_mul(1_000_000)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> serde_json::Value {
        serde_json::json!({
            "status": "available",
            "os-extended-snapshot-attributes:progress": "100%",
            "description": null,
            "created_at": "2013-06-19T07:15:29.000000",
            "metadata": {},
            "volume_id": "ae11e59c-bd56-434a-a00c-04757e1c066d",
            "os-extended-snapshot-attributes:project_id": "d6c277ba8820452e83df36f33c9fa561",
            "size": 5,
            "id": "6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa",
            "name": "name_xx2-snap",
            "updated_at": null
        })
    }

    #[test]
    fn round_trips_the_evs_shape() {
        let snapshot: Snapshot = serde_json::from_value(sample()).unwrap();
        assert_eq!(snapshot.progress_percent(), Some(100));
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
    fn update_at_alias_and_lower_case_t() {
        let mut value = sample();
        value.as_object_mut().unwrap().remove("updated_at");
        value["update_at"] = "2013-02-25t04:13:17.000000".into();
        value["created_at"] = "2013-02-25t04:13:17.000000".into();
        let snapshot: Snapshot = serde_json::from_value(value).unwrap();
        assert_eq!(
            snapshot.updated_at.unwrap().as_str(),
            "2013-02-25T04:13:17.000000"
        );
        assert_eq!(snapshot.created_at.as_str(), "2013-02-25T04:13:17.000000");
    }

    #[test]
    fn unparseable_times_and_null_names_do_not_fail() {
        let mut value = sample();
        value["created_at"] = "not a time".into();
        value["name"] = serde_json::Value::Null;
        value["metadata"] = serde_json::Value::Null;
        let snapshot: Snapshot = serde_json::from_value(value).unwrap();
        assert_eq!(snapshot.created_at.as_str(), "not a time");
        assert_eq!(snapshot.created_at.unix_micros(), None);
        assert_eq!(snapshot.name, "");
        assert!(snapshot.metadata.is_empty());
    }

    #[test]
    fn integer_times_are_unix_seconds() {
        let stamp: Timestamp = serde_json::from_str("1463486328").unwrap();
        assert_eq!(stamp.as_str(), "2016-05-17T11:58:48.000000");
    }

    #[test]
    fn auto_backup_and_progress() {
        let mut value = sample();
        value["metadata"] = serde_json::json!({"__system__enableActive": "true"});
        value["os-extended-snapshot-attributes:progress"] = "37%".into();
        let snapshot: Snapshot = serde_json::from_value(value).unwrap();
        assert!(snapshot.is_auto_backup());
        assert_eq!(snapshot.progress_percent(), Some(37));
    }
}
