//! The rules one provider adds to the common ones: what it cannot take, and its own limits
//! (CBS: 60-byte names). A form and the service apply the same function, given the account's
//! provider.

use crate::api::Provider;
use crate::snapshot::{NewSnapshot, SnapshotChanges, Timestamp};

use super::{check_text_within, Field, FieldError, Problem};

/// Tencent's limit for `SnapshotName`, in UTF-8 bytes.
pub const CBS_MAX_NAME_BYTES: usize = 60;

/// An expiry time must be a time the console can pass on (UTC, `YYYY-MM-DDTHH:MM:SS[Z]`).
pub(super) fn check_expiry(expires_at: Option<&Timestamp>) -> Option<FieldError> {
    let expires_at = expires_at?;
    expires_at.unix_micros().is_none().then(|| {
        FieldError::new(
            Field::ExpiresAt,
            Problem::Malformed {
                detail: format!(
                    "{:?} is not a UTC time such as 2030-01-08T09:47:55Z",
                    super::excerpt(expires_at.as_str(), 40)
                ),
            },
        )
    })
}

/// What a create or an update asks for, as far as the per-provider rules care.
#[derive(Default)]
struct Asked<'a> {
    name: Option<&'a str>,
    description: bool,
    metadata: bool,
    permanent: bool,
    expires_at: bool,
}

/// The one place that says what each provider cannot take, and its own name limit.
fn provider_problems(provider: Provider, asked: &Asked<'_>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let unsupported = match provider {
        Provider::Evs => [
            (asked.permanent, Field::Permanent),
            (asked.expires_at, Field::ExpiresAt),
        ],
        Provider::Cbs => {
            if let Some(name) = asked.name {
                errors.extend(check_text_within(Field::Name, name, CBS_MAX_NAME_BYTES).err());
            }
            [
                (asked.description, Field::Description),
                (asked.metadata, Field::Metadata),
            ]
        }
    };
    errors.extend(
        unsupported
            .into_iter()
            .filter(|(asked, _)| *asked)
            .map(|(_, field)| FieldError::new(field, Problem::Unsupported)),
    );
    errors
}

impl NewSnapshot {
    /// Every problem with this create request for an account on `provider`.
    pub fn problems_for(&self, provider: Provider) -> Vec<FieldError> {
        let mut errors = self.problems();
        let asked = Asked {
            name: self.name.as_deref(),
            description: self.description.is_some(),
            metadata: !self.metadata.is_empty(),
            expires_at: self.expires_at.is_some(),
            ..Asked::default()
        };
        errors.extend(provider_problems(provider, &asked));
        dedup(errors)
    }
}

impl SnapshotChanges {
    /// Every problem with this update request for an account on `provider`.
    pub fn problems_for(&self, provider: Provider) -> Vec<FieldError> {
        let mut errors = self.problems();
        let asked = Asked {
            name: self.name.as_deref(),
            description: self.description.is_some(),
            permanent: self.permanent.is_some(),
            expires_at: self.expires_at.is_some(),
            ..Asked::default()
        };
        errors.extend(provider_problems(provider, &asked));
        dedup(errors)
    }
}

/// One problem per field: a CBS name over 255 bytes is reported once, with CBS's limit.
fn dedup(errors: Vec<FieldError>) -> Vec<FieldError> {
    let mut kept: Vec<FieldError> = Vec::new();
    for error in errors {
        match kept.iter_mut().find(|k| k.field == error.field) {
            Some(existing) if matches!(error.problem, Problem::TooLong { .. }) => {
                *existing = error;
            }
            Some(_) => {}
            None => kept.push(error),
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cbs_names_are_60_bytes() {
        let new = |name: &str| NewSnapshot {
            volume_id: "disk-1".into(),
            name: Some(name.into()),
            ..NewSnapshot::default()
        };
        assert!(new(&"a".repeat(60)).problems_for(Provider::Cbs).is_empty());
        // 20 Chinese characters are 60 bytes; 21 are 63.
        assert!(new(&"快".repeat(20)).problems_for(Provider::Cbs).is_empty());
        let errors = new(&"快".repeat(21)).problems_for(Provider::Cbs);
        assert_eq!(
            errors,
            [FieldError::new(
                Field::Name,
                Problem::TooLong { bytes: 63, max: 60 }
            )]
        );
        assert!(new(&"快".repeat(21)).problems_for(Provider::Evs).is_empty());
        let long = new(&"a".repeat(300)).problems_for(Provider::Cbs);
        assert_eq!(
            long,
            [FieldError::new(
                Field::Name,
                Problem::TooLong {
                    bytes: 300,
                    max: 60
                }
            )]
        );
    }

    #[test]
    fn what_each_provider_cannot_take() {
        let new = NewSnapshot {
            volume_id: "disk-1".into(),
            description: Some("d".into()),
            expires_at: Some(Timestamp::parse("2030-01-01T00:00:00Z")),
            ..NewSnapshot::default()
        };
        let fields = |errors: Vec<FieldError>| -> Vec<Field> {
            errors.into_iter().map(|e| e.field).collect()
        };
        assert_eq!(
            fields(new.problems_for(Provider::Cbs)),
            [Field::Description]
        );
        assert_eq!(fields(new.problems_for(Provider::Evs)), [Field::ExpiresAt]);
        let changes = SnapshotChanges {
            permanent: Some(false),
            expires_at: Some(Timestamp::parse("2030-01-01T00:00:00Z")),
            ..SnapshotChanges::default()
        };
        assert!(changes.problems_for(Provider::Cbs).is_empty());
        assert_eq!(
            fields(changes.problems_for(Provider::Evs)),
            [Field::Permanent, Field::ExpiresAt]
        );
    }

    #[test]
    fn expiry_times_must_parse_and_not_contradict() {
        let changes = SnapshotChanges {
            expires_at: Some(Timestamp::parse("next tuesday")),
            ..SnapshotChanges::default()
        };
        let errors = changes.problems_for(Provider::Cbs);
        assert_eq!(errors[0].field, Field::ExpiresAt);
        assert!(errors[0].to_string().contains("next tuesday"));
        let both = SnapshotChanges {
            permanent: Some(true),
            expires_at: Some(Timestamp::parse("2030-01-01T00:00:00Z")),
            ..SnapshotChanges::default()
        };
        assert_eq!(both.problems_for(Provider::Cbs)[0].field, Field::ExpiresAt);
    }
}
