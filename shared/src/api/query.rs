//! The list query (`GET …/snapshots?…`): parsing every parameter with its own problem, and
//! writing it back for a link.

use serde::{Deserialize, Serialize};

use crate::encode::{encode_component, parse_query};
use crate::snapshot::SnapshotStatus;
use crate::validate::{self, excerpt, Field, FieldError, Problem};

/// Disk usage of the volume a snapshot was taken from (CBS's filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DiskUsage {
    SystemDisk,
    DataDisk,
}

impl DiskUsage {
    pub fn as_str(self) -> &'static str {
        match self {
            DiskUsage::SystemDisk => "SYSTEM_DISK",
            DiskUsage::DataDisk => "DATA_DISK",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "SYSTEM_DISK" => Some(Self::SystemDisk),
            "DATA_DISK" => Some(Self::DataDisk),
            _ => None,
        }
    }
}

/// The list query: paging, the common filters, plus the CBS-only filters. Every field is checked when
/// parsed, so what reaches a cloud client is already safe.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListQuery {
    pub marker: Option<String>,
    pub offset: Option<u64>,
    pub limit: Option<u64>,
    pub name: Option<String>,
    pub status: Option<SnapshotStatus>,
    pub volume_id: Option<String>,
    /// CBS only.
    pub disk_usage: Option<DiskUsage>,
    /// CBS only: the numeric project id.
    pub project_id: Option<u64>,
}

impl ListQuery {
    /// Reads and checks decoded query pairs. Empty values count as absent (an empty filter box);
    /// unknown or repeated parameters are errors, every problem is reported at once.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self, Vec<FieldError>> {
        let mut query = ListQuery::default();
        let mut errors = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for (key, value) in pairs {
            let field = match key.as_str() {
                "marker" => Field::Marker,
                "offset" => Field::Offset,
                "limit" => Field::Limit,
                "name" => Field::Name,
                "status" => Field::Status,
                "volume_id" => Field::VolumeId,
                "disk_usage" => Field::DiskUsage,
                "project_id" => Field::ProjectId,
                other => {
                    errors.push(FieldError::new(
                        Field::Query,
                        Problem::UnknownParameter {
                            name: excerpt(other, 64),
                        },
                    ));
                    continue;
                }
            };
            if seen.contains(&key.as_str()) {
                errors.push(FieldError::new(field, Problem::Repeated));
                continue;
            }
            seen.push(key);
            if value.is_empty() {
                continue;
            }
            if let Err(error) = query.set(field, value) {
                errors.push(error);
            }
        }
        if errors.is_empty() {
            Ok(query)
        } else {
            Err(errors)
        }
    }

    /// Parses a raw query string such as `limit=20&name=a%20b`.
    pub fn from_query_string(query: &str) -> Result<Self, Vec<FieldError>> {
        Self::from_pairs(&parse_query(query))
    }

    fn set(&mut self, field: Field, value: &str) -> Result<(), FieldError> {
        let number = |value: &str| {
            value.parse::<u64>().map_err(|_| {
                FieldError::new(
                    field,
                    Problem::NotANumber {
                        value: excerpt(value, 32),
                    },
                )
            })
        };
        match field {
            Field::Marker => {
                validate::check_id(Field::Marker, value)?;
                self.marker = Some(value.to_owned());
            }
            Field::VolumeId => {
                validate::check_id(Field::VolumeId, value)?;
                self.volume_id = Some(value.to_owned());
            }
            Field::Name => {
                validate::check_text(Field::Name, value)?;
                self.name = Some(value.to_owned());
            }
            Field::Offset => {
                let offset = number(value)?;
                if offset > validate::MAX_OFFSET {
                    return Err(FieldError::new(
                        field,
                        Problem::OutOfRange {
                            min: 0,
                            max: validate::MAX_OFFSET,
                        },
                    ));
                }
                self.offset = Some(offset);
            }
            Field::Limit => {
                let limit = number(value)?;
                validate::check_limit(limit, validate::MAX_LIMIT)?;
                self.limit = Some(limit);
            }
            Field::Status => {
                let status = SnapshotStatus::parse_known(value).ok_or_else(|| {
                    FieldError::new(
                        field,
                        Problem::UnknownStatus {
                            value: excerpt(value, 32),
                        },
                    )
                })?;
                self.status = Some(status);
            }
            Field::DiskUsage => {
                let usage = DiskUsage::parse(value).ok_or_else(|| {
                    FieldError::new(
                        field,
                        Problem::UnknownValue {
                            value: excerpt(value, 32),
                        },
                    )
                })?;
                self.disk_usage = Some(usage);
            }
            Field::ProjectId => {
                self.project_id = Some(number(value)?);
            }
            _ => {}
        }
        Ok(())
    }

    /// The parameters that are set, in a fixed order, values not yet encoded.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(marker) = &self.marker {
            pairs.push(("marker", marker.clone()));
        }
        if let Some(offset) = self.offset {
            pairs.push(("offset", offset.to_string()));
        }
        if let Some(limit) = self.limit {
            pairs.push(("limit", limit.to_string()));
        }
        if let Some(name) = &self.name {
            pairs.push(("name", name.clone()));
        }
        if let Some(status) = &self.status {
            pairs.push(("status", status.as_str().to_owned()));
        }
        if let Some(volume_id) = &self.volume_id {
            pairs.push(("volume_id", volume_id.clone()));
        }
        if let Some(usage) = self.disk_usage {
            pairs.push(("disk_usage", usage.as_str().to_owned()));
        }
        if let Some(project_id) = self.project_id {
            pairs.push(("project_id", project_id.to_string()));
        }
        pairs
    }

    /// `k=v&…`, encoded; empty when nothing is set.
    pub fn to_query_string(&self) -> String {
        self.to_pairs()
            .iter()
            .map(|(key, value)| format!("{key}={}", encode_component(value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The filters only, without paging: what identifies a result set.
    pub fn filters(&self) -> ListQuery {
        ListQuery {
            marker: None,
            offset: None,
            limit: None,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn list_query_round_trips() {
        let query = ListQuery {
            marker: Some("abc".into()),
            limit: Some(20),
            name: Some("快照 1".into()),
            status: Some(SnapshotStatus::Available),
            volume_id: Some("vol-1".into()),
            ..ListQuery::default()
        };
        let text = query.to_query_string();
        assert_eq!(
            text,
            "marker=abc&limit=20&name=%E5%BF%AB%E7%85%A7%201&status=available&volume_id=vol-1"
        );
        assert_eq!(ListQuery::from_query_string(&text), Ok(query));
        assert_eq!(ListQuery::from_query_string(""), Ok(ListQuery::default()));
    }

    #[test]
    fn list_query_reports_every_problem() {
        let errors = ListQuery::from_pairs(&pairs(&[
            ("limit", "0"),
            ("marker", "../x"),
            ("status", "nope"),
            ("colour", "red"),
            ("offset", "x"),
        ]))
        .unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::Limit,
                Field::Marker,
                Field::Status,
                Field::Query,
                Field::Offset
            ]
        );
        let repeated =
            ListQuery::from_pairs(&pairs(&[("limit", "1"), ("limit", "2")])).unwrap_err();
        assert_eq!(repeated[0].problem, Problem::Repeated);
        let empty = ListQuery::from_pairs(&pairs(&[("name", ""), ("status", "")])).unwrap();
        assert_eq!(empty, ListQuery::default());
    }
}
