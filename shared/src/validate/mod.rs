//! The rules a form and a handler both apply. Errors are typed so the browser can put each next
//! to its field and word it in the user's language; `Display` gives the English wording.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::snapshot::{NewSnapshot, SnapshotChanges};

mod provider;

pub use provider::CBS_MAX_NAME_BYTES;

/// EVS's limit for names and descriptions, in UTF-8 **bytes**.
pub const MAX_TEXT_BYTES: usize = 255;
/// EVS's page size limits.
pub const MIN_LIMIT: u64 = 1;
pub const MAX_LIMIT: u64 = 1000;
/// Longest id the console passes on (EVS ids are 36-character UUIDs; CBS's are shorter).
pub const MAX_ID_LEN: usize = 64;
/// Longest offset the console passes on; far beyond any real tenant.
pub const MAX_OFFSET: u64 = 1_000_000;
/// Names with this prefix are reserved for backups; EVS's console restricts such snapshots.
pub const RESERVED_NAME_PREFIX: &str = "autobk_snapshot_";

/// Which input a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Description,
    VolumeId,
    SnapshotId,
    Force,
    Metadata,
    Marker,
    Offset,
    Limit,
    Status,
    DiskUsage,
    ProjectId,
    Account,
    Body,
    Query,
    ExpiresAt,
    Permanent,
    Ids,
}

impl Field {
    /// The English label a user sees for this input.
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::Description => "Description",
            Field::VolumeId => "Volume ID",
            Field::SnapshotId => "Snapshot ID",
            Field::Force => "Force",
            Field::Metadata => "Metadata",
            Field::Marker => "Marker",
            Field::Offset => "Offset",
            Field::Limit => "Page size",
            Field::Status => "Status",
            Field::DiskUsage => "Disk usage",
            Field::ProjectId => "Project ID",
            Field::Account => "Account",
            Field::Body => "Request body",
            Field::Query => "Query",
            Field::ExpiresAt => "Expiry time",
            Field::Permanent => "Keep permanently",
            Field::Ids => "Snapshot IDs",
        }
    }
}

/// What is wrong with an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong {
        bytes: usize,
        max: usize,
    },
    ControlCharacter,
    /// Characters outside `A-Z a-z 0-9 - _`, or longer than [`MAX_ID_LEN`].
    BadId,
    NotANumber {
        value: String,
    },
    OutOfRange {
        min: u64,
        max: u64,
    },
    UnknownStatus {
        value: String,
    },
    UnknownValue {
        value: String,
    },
    EmptyKey,
    DuplicateKey {
        key: String,
    },
    UnknownParameter {
        name: String,
    },
    Repeated,
    Unsupported,
    Malformed {
        detail: String,
    },
}

/// One problem with one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = self.field.label();
        match &self.problem {
            Problem::Required => write!(f, "{label} is required."),
            Problem::TooLong { bytes, max } => write!(
                f,
                "{label} is {bytes} bytes long; the limit is {max} bytes (a Chinese character takes 3)."
            ),
            Problem::ControlCharacter => {
                write!(f, "{label} contains a control character such as a line break.")
            }
            Problem::BadId => write!(
                f,
                "{label} may only contain letters, digits, '-' and '_', at most {MAX_ID_LEN} characters."
            ),
            Problem::NotANumber { value } => write!(f, "{label} must be a whole number, not {value:?}."),
            Problem::OutOfRange { min, max } => {
                write!(f, "{label} must be between {min} and {max}.")
            }
            Problem::UnknownStatus { value } => {
                write!(f, "{label} {value:?} is not a snapshot status.")
            }
            Problem::UnknownValue { value } => write!(f, "{label} {value:?} is not a valid choice."),
            Problem::EmptyKey => write!(f, "{label} keys must not be empty."),
            Problem::DuplicateKey { key } => write!(f, "{label} key {key:?} appears twice."),
            Problem::UnknownParameter { name } => {
                write!(f, "{name:?} is not a parameter this call takes.")
            }
            Problem::Repeated => write!(f, "{label} is given more than once."),
            Problem::Unsupported => {
                write!(f, "{label} is not supported by this account's provider.")
            }
            Problem::Malformed { detail } => write!(f, "{label} is malformed: {detail}"),
        }
    }
}

/// The first `max_chars` characters of a received value, to echo it in an error without
/// letting a caller make the reply (or the log line) arbitrarily long.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// Several problems, worded as one sentence each.
pub fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A snapshot name or description: at most 255 bytes, no control characters.
pub fn check_text(field: Field, value: &str) -> Result<(), FieldError> {
    check_text_within(field, value, MAX_TEXT_BYTES)
}

/// Text of at most `max` UTF-8 bytes, without control characters.
pub fn check_text_within(field: Field, value: &str, max: usize) -> Result<(), FieldError> {
    if value.len() > max {
        return Err(FieldError::new(
            field,
            Problem::TooLong {
                bytes: value.len(),
                max,
            },
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(field, Problem::ControlCharacter));
    }
    Ok(())
}

/// Whether a name falls in the range EVS reserves for backups (a warning, not an error).
pub fn is_reserved_name(name: &str) -> bool {
    name.starts_with(RESERVED_NAME_PREFIX)
}

/// An id the console may put into a cloud URL path or query.
pub fn is_safe_id(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_ID_LEN
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn check_id(field: Field, value: &str) -> Result<(), FieldError> {
    if value.is_empty() {
        Err(FieldError::new(field, Problem::Required))
    } else if is_safe_id(value) {
        Ok(())
    } else {
        Err(FieldError::new(field, Problem::BadId))
    }
}

pub fn check_limit(value: u64, max: u64) -> Result<(), FieldError> {
    if (MIN_LIMIT..=max).contains(&value) {
        Ok(())
    } else {
        Err(FieldError::new(
            Field::Limit,
            Problem::OutOfRange {
                min: MIN_LIMIT,
                max,
            },
        ))
    }
}

fn check_metadata(metadata: &BTreeMap<String, String>, errors: &mut Vec<FieldError>) {
    for (key, value) in metadata {
        if key.trim().is_empty() {
            errors.push(FieldError::new(Field::Metadata, Problem::EmptyKey));
        }
        for text in [key, value] {
            if let Err(error) = check_text(Field::Metadata, text) {
                errors.push(error);
            }
        }
    }
}

/// Metadata as a form edits it: rows of key and value, where a key may be typed twice.
pub fn metadata_from_rows(
    rows: &[(String, String)],
) -> Result<BTreeMap<String, String>, FieldError> {
    let mut map = BTreeMap::new();
    for (key, value) in rows {
        let key = key.trim();
        if key.is_empty() && value.trim().is_empty() {
            continue;
        }
        if key.is_empty() {
            return Err(FieldError::new(Field::Metadata, Problem::EmptyKey));
        }
        if map.insert(key.to_owned(), value.clone()).is_some() {
            return Err(FieldError::new(
                Field::Metadata,
                Problem::DuplicateKey {
                    key: key.to_owned(),
                },
            ));
        }
    }
    Ok(map)
}

impl NewSnapshot {
    /// Every problem with this create request; empty when EVS may be asked.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let Err(error) = check_id(Field::VolumeId, &self.volume_id) {
            errors.push(error);
        }
        if let Some(name) = &self.name {
            errors.extend(check_text(Field::Name, name).err());
        }
        if let Some(description) = &self.description {
            errors.extend(check_text(Field::Description, description).err());
        }
        check_metadata(&self.metadata, &mut errors);
        errors.extend(provider::check_expiry(self.expires_at.as_ref()));
        errors
    }
}

impl SnapshotChanges {
    /// Every problem with this update request; an update that changes nothing is one.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.is_empty() {
            errors.push(FieldError::new(Field::Body, Problem::Required));
        }
        if let Some(name) = &self.name {
            errors.extend(check_text(Field::Name, name).err());
        }
        if let Some(description) = &self.description {
            errors.extend(check_text(Field::Description, description).err());
        }
        errors.extend(provider::check_expiry(self.expires_at.as_ref()));
        if self.permanent == Some(true) && self.expires_at.is_some() {
            errors.push(FieldError::new(
                Field::ExpiresAt,
                Problem::Malformed {
                    detail: "a snapshot kept permanently has no expiry time".to_owned(),
                },
            ));
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_count_characters_not_bytes() {
        assert_eq!(excerpt("快照快照", 2), "快照");
        assert_eq!(excerpt("ab", 5), "ab");
        assert_eq!(excerpt("", 3), "");
    }

    #[test]
    fn names_are_measured_in_bytes() {
        assert!(check_text(Field::Name, &"a".repeat(255)).is_ok());
        assert!(check_text(Field::Name, &"a".repeat(256)).is_err());
        // 85 Chinese characters are 255 bytes; 86 are 258.
        assert!(check_text(Field::Name, &"快".repeat(85)).is_ok());
        let error = check_text(Field::Name, &"快".repeat(86)).unwrap_err();
        assert_eq!(
            error.problem,
            Problem::TooLong {
                bytes: 258,
                max: 255
            }
        );
        assert_eq!(
            error.to_string(),
            "Name is 258 bytes long; the limit is 255 bytes (a Chinese character takes 3)."
        );
        assert!(check_text(Field::Description, "line\nbreak").is_err());
    }

    #[test]
    fn ids_are_restricted() {
        assert!(is_safe_id("6cd26877-3ca3-4f4e-ae2a-38cc3d6183fa"));
        assert!(is_safe_id("snap-ffxxxrx"));
        for hostile in [
            "", "../x", "a/b", "%2F", "a?b", "a#b", "a\r\nb", "a b", "é", "a.b",
        ] {
            assert!(!is_safe_id(hostile), "{hostile:?}");
        }
        assert!(!is_safe_id(&"a".repeat(MAX_ID_LEN + 1)));
        assert_eq!(
            check_id(Field::VolumeId, "").unwrap_err().problem,
            Problem::Required
        );
    }

    #[test]
    fn reserved_prefix_is_a_warning() {
        assert!(is_reserved_name("autobk_snapshot_2024"));
        assert!(!is_reserved_name("my autobk_snapshot_"));
    }

    #[test]
    fn limits() {
        assert!(check_limit(1, MAX_LIMIT).is_ok());
        assert!(check_limit(1000, MAX_LIMIT).is_ok());
        assert!(check_limit(0, MAX_LIMIT).is_err());
        assert!(check_limit(1001, MAX_LIMIT).is_err());
        assert!(check_limit(101, 100).is_err());
    }

    #[test]
    fn create_and_update_problems() {
        let mut new = NewSnapshot {
            volume_id: "vol-1".into(),
            ..NewSnapshot::default()
        };
        assert!(new.problems().is_empty());
        new.volume_id = "../etc".into();
        new.name = Some("x".repeat(300));
        new.metadata.insert(" ".into(), "v".into());
        let fields: Vec<Field> = new.problems().iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::VolumeId, Field::Name, Field::Metadata]);

        assert_eq!(SnapshotChanges::default().problems().len(), 1);
        let rename = SnapshotChanges {
            name: Some("new".into()),
            ..SnapshotChanges::default()
        };
        assert!(rename.problems().is_empty());
    }

    #[test]
    fn metadata_rows() {
        let rows = vec![
            ("a".to_owned(), "1".to_owned()),
            ("".to_owned(), "".to_owned()),
            (" b ".to_owned(), "2".to_owned()),
        ];
        let map = metadata_from_rows(&rows).unwrap();
        assert_eq!(map.get("b").map(String::as_str), Some("2"));
        let duplicate = vec![
            ("a".to_owned(), "1".to_owned()),
            ("a".to_owned(), "2".to_owned()),
        ];
        assert_eq!(
            metadata_from_rows(&duplicate).unwrap_err().problem,
            Problem::DuplicateKey { key: "a".into() }
        );
        let keyless = vec![("".to_owned(), "1".to_owned())];
        assert_eq!(
            metadata_from_rows(&keyless).unwrap_err().problem,
            Problem::EmptyKey
        );
    }
}
