//! Reading the log: the query string's filters, who may read what, and the CSV export.

use shared::portal::{AuditPage, AuditQuery, AuditRecord};
use shared::time::parse_utc_micros;

use crate::auth::{AuthError, Caller, Portal};
use crate::db::AuditFilter;

/// A page holds at most this many records; the CSV export at most [`EXPORT_LIMIT`].
pub const PAGE_LIMIT: u32 = 500;
pub const EXPORT_LIMIT: u32 = 10_000;
const DEFAULT_PAGE: u32 = 100;

/// `YYYY-MM-DD` (midnight, UTC) or RFC 3339, as milliseconds.
fn time(setting: &str, text: &str) -> Result<i64, AuthError> {
    let text = text.trim();
    let micros = if text.len() == 10 {
        parse_utc_micros(&format!("{text}T00:00:00Z"))
    } else {
        parse_utc_micros(text)
    };
    micros.map(|micros| micros / 1000).ok_or_else(|| {
        AuthError::Invalid(format!(
            "{setting}: give a date (YYYY-MM-DD) or an RFC 3339 time"
        ))
    })
}

/// The filter the caller may run: an admin reads everyone's records, others only their own.
pub fn filter(caller: &Caller, query: &AuditQuery, limit: u32) -> Result<AuditFilter, AuthError> {
    let user = if caller.is_admin() {
        query.user.clone().filter(|user| !user.is_empty())
    } else {
        match &query.user {
            Some(user) if !user.is_empty() && *user != caller.user => {
                return Err(AuthError::Forbidden(
                    "Only an admin may read other users' records (permission read_audit_log)."
                        .to_owned(),
                ))
            }
            _ => Some(caller.user.clone()),
        }
    };
    let non_empty = |value: &Option<String>| value.clone().filter(|text| !text.is_empty());
    Ok(AuditFilter {
        user,
        account: non_empty(&query.account),
        operation: non_empty(&query.operation),
        outcome: query.outcome,
        target: non_empty(&query.target),
        from_ms: non_empty(&query.from)
            .map(|text| time("from", &text))
            .transpose()?,
        to_ms: non_empty(&query.to)
            .map(|text| time("to", &text))
            .transpose()?,
        before: non_empty(&query.cursor),
        limit: query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, limit),
    })
}

/// One page, newest first, with the cursor of the next.
pub async fn page(
    portal: &Portal,
    caller: &Caller,
    query: &AuditQuery,
) -> Result<AuditPage, AuthError> {
    let mut filter = filter(caller, query, PAGE_LIMIT)?;
    let wanted = filter.limit;
    filter.limit = wanted + 1;
    let mut records = portal.db.audit(&filter).await?;
    let more = records.len() > wanted as usize;
    records.truncate(wanted as usize);
    let next = more
        .then(|| records.last().map(|record| record.id.clone()))
        .flatten();
    Ok(AuditPage { records, next })
}

/// The records as CSV, one row each, with a header row.
pub fn csv(records: &[AuditRecord]) -> Result<String, AuthError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |error: csv::Error| AuthError::Invalid(format!("CSV: {error}"));
    writer
        .write_record([
            "id",
            "at",
            "user",
            "role",
            "credential",
            "client",
            "account",
            "operation",
            "targets",
            "changes",
            "outcome",
            "code",
            "request_id",
            "upstream_request_id",
        ])
        .map_err(failed)?;
    for record in records {
        let targets = record.targets.join(" ");
        let changes = record
            .changes
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        writer
            .write_record([
                record.id.as_str(),
                record.at.as_str(),
                record.user.as_str(),
                record.role.map(|role| role.as_str()).unwrap_or_default(),
                record.credential.as_str(),
                record.client.as_str(),
                record.account.as_deref().unwrap_or_default(),
                record.operation.as_str(),
                targets.as_str(),
                changes.as_str(),
                record.outcome.as_str(),
                record.code.as_deref().unwrap_or_default(),
                record.request_id.as_str(),
                record.upstream_request_id.as_deref().unwrap_or_default(),
            ])
            .map_err(failed)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| AuthError::Invalid(format!("CSV: {error}")))?;
    String::from_utf8(bytes).map_err(|error| AuthError::Invalid(format!("CSV: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::portal::Role;

    fn caller(role: Role) -> Caller {
        Caller {
            user: "ann".to_owned(),
            role,
            grants: Vec::new(),
            credential: "session".to_owned(),
            cap: None,
            expires_at: None,
        }
    }

    #[test]
    fn non_admins_read_their_own_records() {
        let query = AuditQuery::default();
        let own = filter(&caller(Role::Operator), &query, PAGE_LIMIT).unwrap();
        assert_eq!(own.user.as_deref(), Some("ann"));
        let other = AuditQuery {
            user: Some("bob".to_owned()),
            ..AuditQuery::default()
        };
        assert!(filter(&caller(Role::Viewer), &other, PAGE_LIMIT).is_err());
        let admin = filter(&caller(Role::Admin), &other, PAGE_LIMIT).unwrap();
        assert_eq!(admin.user.as_deref(), Some("bob"));
        assert!(filter(&caller(Role::Admin), &query, PAGE_LIMIT)
            .unwrap()
            .user
            .is_none());
    }

    #[test]
    fn time_ranges() {
        let query = AuditQuery {
            from: Some("2026-01-02".to_owned()),
            to: Some("2026-01-02T12:00:00Z".to_owned()),
            ..AuditQuery::default()
        };
        let range = filter(&caller(Role::Admin), &query, PAGE_LIMIT).unwrap();
        assert_eq!(
            range.to_ms.unwrap() - range.from_ms.unwrap(),
            12 * 3600 * 1000
        );
        let bad = AuditQuery {
            from: Some("yesterday".to_owned()),
            ..AuditQuery::default()
        };
        assert!(filter(&caller(Role::Admin), &bad, PAGE_LIMIT).is_err());
    }
}
