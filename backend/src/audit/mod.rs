//! The audit log: one record for every write attempt, allowed or refused, and every sign-in,
//! sign-out and failed sign-in. Records are only ever appended (the retention setting prunes
//! old ones); no secret is ever put in one: the values recorded are user names, account names,
//! operation names, snapshot ids and the changed fields of a snapshot.

pub mod export;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use serde::Serialize;
use serde_json::Value;
use shared::portal::{AuditRecord, Outcome, Role};
use shared::Operation;

use crate::auth::context::{self, RequestContext};
use crate::auth::{AuthError, Portal};
use crate::db::{now_ms, rfc3339};
use crate::error::ApiError;
use crate::middleware::current_request_id;

/// What the request learnt along the way, for its record.
#[derive(Debug, Default, Clone)]
pub struct Notes {
    pub targets: Vec<String>,
    pub changes: Option<Value>,
    pub upstream_request_id: Option<String>,
}

fn note(update: impl FnOnce(&mut Notes)) {
    if let Some(context) = context::current() {
        if let Ok(mut notes) = context.notes.lock() {
            update(&mut notes);
        }
    }
}

/// The cloud's request id of the call just made (the one send path notes each).
pub fn note_upstream_request_id(id: Option<&str>) {
    if let Some(id) = id {
        note(|notes| notes.upstream_request_id = Some(id.to_owned()));
    }
}

/// A resource the operation acts on (a snapshot id).
pub fn note_target(id: &str) {
    note(|notes| {
        if !notes.targets.iter().any(|known| known == id) {
            notes.targets.push(id.to_owned());
        }
    });
}

/// The fields the operation changes: `{"field": {"before": …, "after": …}}` ([`changes`]).
pub fn note_changes(changes: Value) {
    note(|notes| notes.changes = Some(changes));
}

/// A fresh record for the request being served; the caller fills in the rest.
fn record(context: &RequestContext, operation: &str, outcome: Outcome) -> AuditRecord {
    let notes = context
        .notes
        .lock()
        .map(|notes| notes.clone())
        .unwrap_or_default();
    let (user, role, credential) = match &context.caller {
        Some(caller) => (
            caller.user.clone(),
            Some(caller.base_role()),
            caller.credential.clone(),
        ),
        None => ("-".to_owned(), None, "-".to_owned()),
    };
    AuditRecord {
        id: uuid::Uuid::now_v7().to_string(),
        at: String::new(),
        user,
        role,
        credential,
        client: context.client.clone(),
        account: None,
        operation: operation.to_owned(),
        targets: notes.targets,
        changes: notes.changes,
        outcome,
        code: None,
        request_id: current_request_id().unwrap_or_default(),
        upstream_request_id: notes.upstream_request_id,
    }
}

/// Appends the record: to the database in portal mode, to the log in the single-user console.
/// A record that cannot be written is logged as an error (the operation itself has happened).
pub async fn append(portal: Option<&Arc<Portal>>, mut record: AuditRecord) {
    let at = now_ms();
    record.at = rfc3339(at);
    match portal {
        Some(portal) => {
            if let Err(error) = portal.db.append_audit(&record, at).await {
                tracing::error!(%error, operation = %record.operation, "cannot write the audit record");
            }
        }
        None => tracing::info!(
            user = %record.user,
            account = record.account.as_deref().unwrap_or("-"),
            operation = %record.operation,
            outcome = record.outcome.as_str(),
            code = record.code.as_deref().unwrap_or("-"),
            "audit"
        ),
    }
}

/// The service layer's check before an operation: the caller's role on the account. A refused
/// write is recorded.
pub async fn authorize(account: &str, operation: Operation) -> Result<(), ApiError> {
    let Some(context) = context::current() else {
        // Only the router sets a context; an operation outside one has no caller to act for.
        return Err(AuthError::Unauthenticated.into());
    };
    let Some(caller) = &context.caller else {
        return Err(AuthError::Unauthenticated.into());
    };
    let Err(refusal) = caller.may(account, operation) else {
        return Ok(());
    };
    if operation.is_write() {
        let mut entry = record(&context, operation.as_str(), Outcome::Refused);
        entry.account = Some(account.to_owned());
        entry.code = Some(refusal.parts().1.to_owned());
        append(context.portal.as_ref(), entry).await;
    }
    Err(refusal.into())
}

/// The service layer's record after a write: its outcome, the target ids (a snapshot's id is
/// read from the result) and the cloud's request id.
pub async fn finish<T: Serialize>(
    account: &str,
    operation: Operation,
    result: &Result<T, ApiError>,
) {
    if !operation.is_write() {
        return;
    }
    let Some(context) = context::current() else {
        return;
    };
    if let Ok(value) = result {
        if let Some(id) = serde_json::to_value(value)
            .ok()
            .as_ref()
            .and_then(|value| value.get("id"))
            .and_then(Value::as_str)
        {
            note_target(id);
        }
    }
    let (outcome, code, upstream) = match result {
        Ok(_) => (Outcome::Ok, None, None),
        Err(error) => {
            let (code, upstream) = error.summary();
            (Outcome::Failed, Some(code), upstream)
        }
    };
    let mut entry = record(&context, operation.as_str(), outcome);
    entry.account = Some(account.to_owned());
    entry.code = code;
    if entry.upstream_request_id.is_none() {
        entry.upstream_request_id = upstream;
    }
    append(context.portal.as_ref(), entry).await;
}

/// A session event (`sign_in`, `sign_in_failed`, `sign_out`, `create_token`, `revoke_token`)
/// for `user`, who may not be the request's caller yet.
pub async fn session_event(
    user: &str,
    role: Option<Role>,
    credential: &str,
    operation: &str,
    outcome: Outcome,
    code: Option<&str>,
) {
    let Some(context) = context::current() else {
        return;
    };
    let mut entry = record(&context, operation, outcome);
    entry.user = user.to_owned();
    entry.role = role;
    entry.credential = credential.to_owned();
    entry.code = code.map(str::to_owned);
    append(context.portal.as_ref(), entry).await;
}

/// A read made with an API token: recorded, as every use of a token is.
pub async fn token_use(context: &RequestContext, method: &Method, path: &str, status: StatusCode) {
    let outcome = if status.is_success() {
        Outcome::Ok
    } else if status == StatusCode::FORBIDDEN {
        Outcome::Refused
    } else {
        Outcome::Failed
    };
    let mut entry = record(context, "token_use", outcome);
    entry.targets = vec![format!(
        "{method} {API}{path}",
        API = shared::api::API_PREFIX
    )];
    entry.code = (!status.is_success()).then(|| status.as_u16().to_string());
    append(context.portal.as_ref(), entry).await;
}

/// A change set as the record's `changes`: each field sent, with its value before (read from
/// `before`, when known) and after.
pub fn changes(changes: &impl Serialize, before: Option<&impl Serialize>) -> Value {
    let before = before.and_then(|value| serde_json::to_value(value).ok());
    match serde_json::to_value(changes) {
        Ok(Value::Object(fields)) => Value::Object(
            fields
                .into_iter()
                .map(|(field, after)| {
                    let old = before
                        .as_ref()
                        .and_then(|value| value.get(&field))
                        .cloned()
                        .unwrap_or(Value::Null);
                    (field, serde_json::json!({ "before": old, "after": after }))
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_each_field_before_and_after() {
        let sent = serde_json::json!({"name": "new"});
        let before = serde_json::json!({"name": "old", "description": "d", "id": "x"});
        assert_eq!(
            changes(&sent, Some(&before)),
            serde_json::json!({"name": {"before": "old", "after": "new"}})
        );
        assert_eq!(
            changes(&sent, None::<&Value>),
            serde_json::json!({"name": {"before": null, "after": "new"}})
        );
    }
}
