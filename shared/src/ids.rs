//! Ids that reach a cloud URL or a configuration lookup, checked once where they enter and
//! carried typed from there on.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::validate::{check_id, Field, FieldError, Problem};

/// A snapshot id: letters, digits, `-` and `_`, at most 64 characters (EVS UUIDs, CBS
/// `snap-…`), so it is safe in a path or a query.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SnapshotId(String);

impl SnapshotId {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        check_id(Field::SnapshotId, text)?;
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for SnapshotId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// An account name: 1 to 32 of `a-z 0-9 - _`, starting with a letter or digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct AccountName(String);

impl AccountName {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        if is_account_name(text) {
            Ok(Self(text.to_owned()))
        } else {
            Err(FieldError::new(
                Field::Account,
                Problem::Malformed {
                    detail: "an account name is 1 to 32 of a-z, 0-9, '-' and '_'".to_owned(),
                },
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for AccountName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

macro_rules! text_impls {
    ($($name:ident),*) => {$(
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }
    )*};
}

text_impls!(SnapshotId, AccountName);

/// Whether `name` may name an account (and so go into a path as it is).
pub fn is_account_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_once() {
        assert_eq!(
            SnapshotId::parse("snap-abc_1").unwrap().as_str(),
            "snap-abc_1"
        );
        for bad in ["", "../x", "a b", "é"] {
            assert_eq!(SnapshotId::parse(bad).unwrap_err().field, Field::SnapshotId);
        }
        assert!(serde_json::from_str::<SnapshotId>(r#""a/b""#).is_err());
        assert!(AccountName::parse("prod-bj4").is_ok());
        for bad in ["Demo", "-x", "a/b", ""] {
            assert_eq!(AccountName::parse(bad).unwrap_err().field, Field::Account);
        }
    }
}
