//! The create and edit forms as data: what was typed, what it would send, and what is wrong
//! with it. The views only bind inputs to these.

use std::collections::BTreeMap;

use shared::snapshot::{NewSnapshot, SnapshotChanges};
use shared::validate::{self, Field, FieldError, MAX_TEXT_BYTES};
use shared::Snapshot;

/// How much of a 255-byte text field is used: EVS counts UTF-8 bytes, not characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteCount {
    pub used: usize,
    pub max: usize,
}

impl ByteCount {
    pub fn of(text: &str) -> Self {
        Self {
            used: text.len(),
            max: MAX_TEXT_BYTES,
        }
    }

    pub fn is_over(self) -> bool {
        self.used > self.max
    }
}

/// The problems that concern one input.
pub fn errors_for(errors: &[FieldError], field: Field) -> Vec<FieldError> {
    errors
        .iter()
        .filter(|error| error.field == field)
        .cloned()
        .collect()
}

/// Optional text: an empty box sends nothing rather than an empty string.
fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// The create form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateForm {
    pub volume_id: String,
    pub name: String,
    pub description: String,
    pub force: bool,
    /// Key/value rows in the order shown; blank rows are ignored.
    pub metadata: Vec<(String, String)>,
}

impl CreateForm {
    /// The request to send, or every problem at once.
    pub fn to_new_snapshot(&self) -> Result<NewSnapshot, Vec<FieldError>> {
        let mut errors = Vec::new();
        let metadata = validate::metadata_from_rows(&self.metadata).unwrap_or_else(|error| {
            errors.push(error);
            BTreeMap::new()
        });
        let snapshot = NewSnapshot {
            volume_id: self.volume_id.trim().to_owned(),
            force: self.force,
            metadata,
            name: non_empty(&self.name),
            description: non_empty(&self.description),
            // The console's forms do not offer CBS's expiry yet.
            expires_at: None,
        };
        errors.extend(snapshot.problems());
        if errors.is_empty() {
            Ok(snapshot)
        } else {
            Err(errors)
        }
    }

    /// Whether the name falls in the range EVS reserves for backups (a warning only).
    pub fn has_reserved_name(&self) -> bool {
        validate::is_reserved_name(&self.name)
    }
}

/// Indexes of metadata rows whose key repeats an earlier row's (to mark them).
pub fn duplicate_rows(rows: &[(String, String)]) -> Vec<usize> {
    let mut seen = Vec::new();
    let mut duplicates = Vec::new();
    for (index, (key, _)) in rows.iter().enumerate() {
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        if seen.contains(&key) {
            duplicates.push(index);
        } else {
            seen.push(key);
        }
    }
    duplicates
}

/// The edit form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditForm {
    pub name: String,
    pub description: String,
}

impl EditForm {
    pub fn from_snapshot(snapshot: &Snapshot) -> Self {
        Self {
            name: snapshot.name.clone(),
            description: snapshot.description.clone().unwrap_or_default(),
        }
    }

    /// Only what differs from `original`; empty when nothing changed.
    pub fn changes(&self, original: &Snapshot) -> SnapshotChanges {
        let description = original.description.as_deref().unwrap_or_default();
        SnapshotChanges {
            name: (self.name != original.name).then(|| self.name.clone()),
            description: (self.description != description).then(|| self.description.clone()),
            permanent: None,
            expires_at: None,
        }
    }

    /// Problems with the typed values (not counting "nothing changed", which disables Save).
    pub fn problems(&self) -> Vec<FieldError> {
        [
            validate::check_text(Field::Name, &self.name),
            validate::check_text(Field::Description, &self.description),
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect()
    }
}

/// One line of "what will change".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: Field,
    pub before: String,
    pub after: String,
}

pub fn describe_changes(original: &Snapshot, changes: &SnapshotChanges) -> Vec<Change> {
    let mut list = Vec::new();
    if let Some(name) = &changes.name {
        list.push(Change {
            field: Field::Name,
            before: original.name.clone(),
            after: name.clone(),
        });
    }
    if let Some(description) = &changes.description {
        list.push(Change {
            field: Field::Description,
            before: original.description.clone().unwrap_or_default(),
            after: description.clone(),
        });
    }
    list
}

#[cfg(test)]
mod tests {
    use shared::validate::Problem;

    use super::*;

    fn snapshot() -> Snapshot {
        serde_json::from_value(serde_json::json!({
            "id": "s1", "status": "available", "provider_status": "available", "name": "db",
            "description": null, "created_at": "2024-01-01T00:00:00.000000", "volume_id": "v1",
            "size_gib": 10, "progress": 100, "auto_backup": false
        }))
        .unwrap()
    }

    #[test]
    fn bytes_not_characters() {
        assert_eq!(ByteCount::of("快照").used, 6);
        assert!(!ByteCount::of(&"快".repeat(85)).is_over());
        assert!(ByteCount::of(&"快".repeat(86)).is_over());
        assert!(!ByteCount::of(&"a".repeat(255)).is_over());
    }

    #[test]
    fn create_form_builds_the_request() {
        let form = CreateForm {
            volume_id: " v1 ".into(),
            name: "nightly".into(),
            force: true,
            metadata: vec![
                ("owner".into(), "ops".into()),
                (String::new(), String::new()),
            ],
            ..CreateForm::default()
        };
        let request = form.to_new_snapshot().unwrap();
        assert_eq!(request.volume_id, "v1");
        assert_eq!(request.name.as_deref(), Some("nightly"));
        assert_eq!(request.description, None);
        assert!(request.force);
        assert_eq!(
            request.metadata.get("owner").map(String::as_str),
            Some("ops")
        );
    }

    #[test]
    fn create_form_reports_every_problem() {
        let form = CreateForm {
            name: "快".repeat(86),
            metadata: vec![("a".into(), "1".into()), ("a".into(), "2".into())],
            ..CreateForm::default()
        };
        let errors = form.to_new_snapshot().unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::Metadata, Field::VolumeId, Field::Name]);
        assert_eq!(
            errors_for(&errors, Field::VolumeId)[0].problem,
            Problem::Required
        );
        assert_eq!(duplicate_rows(&form.metadata), [1]);
        assert!(CreateForm {
            name: "autobk_snapshot_x".into(),
            ..CreateForm::default()
        }
        .has_reserved_name());
    }

    #[test]
    fn edit_form_sends_only_what_changed() {
        let original = snapshot();
        let mut form = EditForm::from_snapshot(&original);
        assert!(form.changes(&original).is_empty());
        form.description = "weekly".into();
        let changes = form.changes(&original);
        assert_eq!(changes.name, None);
        assert_eq!(changes.description.as_deref(), Some("weekly"));
        assert_eq!(
            describe_changes(&original, &changes),
            [Change {
                field: Field::Description,
                before: String::new(),
                after: "weekly".into()
            }]
        );
        form.description.clear();
        assert!(form.changes(&original).is_empty());
        form.name = "x\ny".into();
        assert_eq!(form.problems()[0].problem, Problem::ControlCharacter);
    }
}
