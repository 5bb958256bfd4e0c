//! The audit log's store: append and read. Nothing here updates a record; only the retention
//! setting deletes old ones.

use shared::portal::{AuditRecord, Outcome, Role};
use sqlx::any::AnyRow;

use super::users::role_of;
use super::{col, rfc3339, Db, DbError};

/// Which records to read: newest first, ids below `before` (the cursor).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub user: Option<String>,
    pub account: Option<String>,
    pub operation: Option<String>,
    pub outcome: Option<Outcome>,
    /// A target id the record names.
    pub target: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub before: Option<String>,
    pub limit: u32,
}

fn record_of(row: &AnyRow) -> Result<AuditRecord, sqlx::Error> {
    let role: Option<String> = col(row, "role")?;
    let targets: String = col(row, "targets")?;
    let changes: Option<String> = col(row, "changes")?;
    let outcome: String = col(row, "outcome")?;
    let at: i64 = col(row, "at")?;
    let decode = |what: &str| sqlx::Error::Decode(format!("bad {what} in the audit log").into());
    Ok(AuditRecord {
        id: col(row, "id")?,
        at: rfc3339(at),
        user: col(row, "user_name")?,
        role: role.as_deref().map(role_of).transpose()?,
        credential: col(row, "credential")?,
        client: col(row, "client")?,
        account: col(row, "account")?,
        operation: col(row, "operation")?,
        targets: serde_json::from_str(&targets).map_err(|_| decode("targets"))?,
        changes: changes
            .map(|text| serde_json::from_str(&text))
            .transpose()
            .map_err(|_| decode("changes"))?,
        outcome: Outcome::parse(&outcome).ok_or_else(|| decode("outcome"))?,
        code: col(row, "code")?,
        request_id: col(row, "request_id")?,
        upstream_request_id: col(row, "upstream_request_id")?,
    })
}

impl Db {
    /// Appends one record; `record.at` is ignored in favour of `at_ms`.
    pub async fn append_audit(&self, record: &AuditRecord, at_ms: i64) -> Result<(), DbError> {
        let targets = serde_json::to_string(&record.targets).unwrap_or_else(|_| "[]".to_owned());
        let changes = record.changes.as_ref().map(ToString::to_string);
        sqlx::query(
            "INSERT INTO audit_log (id, at, user_name, role, credential, client, account, \
             operation, targets, changes, outcome, code, request_id, upstream_request_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(&record.id)
        .bind(at_ms)
        .bind(&record.user)
        .bind(record.role.map(Role::as_str))
        .bind(&record.credential)
        .bind(&record.client)
        .bind(record.account.as_deref())
        .bind(&record.operation)
        .bind(targets)
        .bind(changes)
        .bind(record.outcome.as_str())
        .bind(record.code.as_deref())
        .bind(&record.request_id)
        .bind(record.upstream_request_id.as_deref())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records matching `filter`, newest first.
    pub async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>, DbError> {
        let mut clauses: Vec<String> = Vec::new();
        let mut texts: Vec<(usize, String)> = Vec::new();
        let mut numbers: Vec<(usize, i64)> = Vec::new();
        let mut next = 1;
        let mut text = |clauses: &mut Vec<String>, column: &str, op: &str, value: &str| {
            clauses.push(format!("{column} {op} ${next}"));
            texts.push((next, value.to_owned()));
            next += 1;
        };
        if let Some(user) = &filter.user {
            text(&mut clauses, "user_name", "=", user);
        }
        if let Some(account) = &filter.account {
            text(&mut clauses, "account", "=", account);
        }
        if let Some(operation) = &filter.operation {
            text(&mut clauses, "operation", "=", operation);
        }
        if let Some(outcome) = filter.outcome {
            text(&mut clauses, "outcome", "=", outcome.as_str());
        }
        if let Some(before) = &filter.before {
            text(&mut clauses, "id", "<", before);
        }
        if let Some(target) = &filter.target {
            // Targets are a JSON array of strings: look for the quoted id, wildcards escaped.
            let escaped = target
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            clauses.push(format!("targets LIKE ${next} ESCAPE '\\'"));
            texts.push((next, format!("%\"{escaped}\"%")));
            next += 1;
        }
        for (column_op, value) in [(">=", filter.from_ms), ("<", filter.to_ms)] {
            if let Some(value) = value {
                clauses.push(format!("at {column_op} ${next}"));
                numbers.push((next, value));
                next += 1;
            }
        }
        let condition = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let sql = format!(
            "SELECT * FROM audit_log {condition} ORDER BY id DESC LIMIT {}",
            filter.limit.clamp(1, 10_000)
        );
        // Parameters are bound in their number's order, whichever kind they are.
        let mut binds: Vec<(usize, Result<String, i64>)> = texts
            .into_iter()
            .map(|(n, value)| (n, Ok(value)))
            .chain(numbers.into_iter().map(|(n, value)| (n, Err(value))))
            .collect();
        binds.sort_by_key(|(n, _)| *n);
        let mut query = sqlx::query(&sql);
        for (_, value) in binds {
            query = match value {
                Ok(text) => query.bind(text),
                Err(number) => query.bind(number),
            };
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter()
            .map(record_of)
            .collect::<Result<_, _>>()
            .map_err(DbError::from)
    }

    /// Deletes records older than `before_ms` (the retention setting); the count deleted.
    pub async fn prune_audit(&self, before_ms: i64) -> Result<u64, DbError> {
        let done = sqlx::query("DELETE FROM audit_log WHERE at < $1")
            .bind(before_ms)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
