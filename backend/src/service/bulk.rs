//! Bulk delete: look every id up (a few at a time), decide from the same rules as a single
//! delete which ids the cloud will be asked about, then ask once per id or, where the provider
//! deletes a batch all or nothing, once for all. Nothing is sent for a refused id, and each id
//! gets its own result, so one failure never hides another's success.

use futures_util::stream::{self, StreamExt};
use shared::lifecycle::{
    deletion_refusal, BulkDeleteReply, BulkDeleteRequest, BulkResult, Outcome, Refusal, DELETED,
};
use shared::{Snapshot, SnapshotId};

use crate::cloud::{CloudError, SnapshotPort, DELETE_CONCURRENCY};

/// What the console decided for one id before any delete call.
#[derive(Debug, Clone)]
pub enum Plan {
    Delete,
    Refuse(Refusal),
    /// The id could not be looked up (not a missing snapshot: a failed read).
    Unchecked(CloudError),
}

pub async fn delete(
    port: &dyn SnapshotPort,
    request: &BulkDeleteRequest,
) -> Result<BulkDeleteReply, CloudError> {
    let ids = request.unique_ids();
    let lookups: Vec<Result<Snapshot, CloudError>> = stream::iter(ids.iter().cloned())
        .map(|id| async move { port.get_snapshot(&id).await })
        .buffered(DELETE_CONCURRENCY)
        .collect()
        .await;
    let plans = plan(&ids, lookups, port.deletes_all_or_nothing());
    let to_delete: Vec<SnapshotId> = ids
        .iter()
        .zip(&plans)
        .filter(|(_, plan)| matches!(plan, Plan::Delete))
        .map(|(id, _)| id.clone())
        .collect();
    let mut deleted = if request.preview || to_delete.is_empty() {
        Vec::new()
    } else {
        port.delete_snapshots(&to_delete).await
    }
    .into_iter();
    let results = ids
        .iter()
        .zip(plans)
        .map(|(id, plan)| match plan {
            Plan::Delete if request.preview => result(id, Outcome::Deleting, None),
            Plan::Delete => match deleted.next() {
                Some(Ok(())) => result(id, Outcome::Deleting, None),
                Some(Err(error)) => failed(id, &error),
                None => failed(
                    id,
                    &CloudError::BadReply {
                        status: 0,
                        detail: "the provider gave no result for this id".to_owned(),
                        upstream_request_id: None,
                    },
                ),
            },
            Plan::Refuse(refusal) => result(
                id,
                Outcome::Refused,
                Some((refusal.code().to_owned(), refusal.message(DELETED))),
            ),
            Plan::Unchecked(error) => result(
                id,
                Outcome::Failed,
                Some((
                    error.code().to_owned(),
                    format!(
                        "The snapshot could not be checked, so it was not deleted: {}",
                        error.detail()
                    ),
                )),
            ),
        })
        .collect();
    Ok(BulkDeleteReply {
        preview: request.preview,
        results,
    })
}

/// The decision for each id, from its lookup; with an all-or-nothing batch, any id that will
/// not be deleted blocks the rest.
pub fn plan(
    ids: &[SnapshotId],
    lookups: Vec<Result<Snapshot, CloudError>>,
    all_or_nothing: bool,
) -> Vec<Plan> {
    let plans: Vec<Plan> = lookups
        .into_iter()
        .map(|lookup| match lookup {
            Ok(snapshot) => deletion_refusal(&snapshot).map_or(Plan::Delete, Plan::Refuse),
            Err(error) if error.is_not_found() => Plan::Refuse(Refusal::NotFound),
            Err(error) => Plan::Unchecked(error),
        })
        .collect();
    let blocking: Vec<String> = ids
        .iter()
        .zip(&plans)
        .filter(|(_, plan)| !matches!(plan, Plan::Delete))
        .map(|(id, _)| id.as_str().to_owned())
        .collect();
    if !all_or_nothing || blocking.is_empty() {
        return plans;
    }
    plans
        .into_iter()
        .map(|plan| match plan {
            Plan::Delete => Plan::Refuse(Refusal::BlockedByBatch {
                blocking: blocking.clone(),
            }),
            other => other,
        })
        .collect()
}

fn result(id: &SnapshotId, outcome: Outcome, why: Option<(String, String)>) -> BulkResult {
    let (code, message) = why.unzip();
    BulkResult {
        id: id.as_str().to_owned(),
        outcome,
        code,
        message,
    }
}

/// A delete call that did not succeed. When the answer was lost the deletion may still have
/// happened: the outcome is unknown, never a failure, and the message says where to look.
fn failed(id: &SnapshotId, error: &CloudError) -> BulkResult {
    if error.outcome_unknown() {
        let message = format!(
            "No answer came back ({}); the snapshot may or may not be deleting. Reload the list to see.",
            error.detail()
        );
        return result(
            id,
            Outcome::Unknown,
            Some((shared::api::codes::OUTCOME_UNKNOWN.to_owned(), message)),
        );
    }
    result(
        id,
        Outcome::Failed,
        Some((error.code().to_owned(), error.detail())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(id: &str, status: &str) -> Snapshot {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": "", "status": status, "provider_status": status,
            "size_gib": 1, "volume_id": "v", "created_at": "2024-01-01T00:00:00.000000"
        }))
        .unwrap()
    }

    fn not_found() -> CloudError {
        CloudError::Refused {
            status: 404,
            code: "EVS.5404".into(),
            message: "m".into(),
            upstream_request_id: None,
        }
    }

    #[test]
    fn each_id_is_planned_on_its_own_unless_the_batch_is_atomic() {
        let ids: Vec<SnapshotId> = ["a", "b", "c", "d"]
            .iter()
            .map(|id| SnapshotId::parse(id).unwrap())
            .collect();
        let lookups = || {
            vec![
                Ok(snapshot("a", "available")),
                Ok(snapshot("b", "creating")),
                Err(not_found()),
                Err(CloudError::Timeout),
            ]
        };
        let kinds = |plans: Vec<Plan>| -> Vec<String> {
            plans
                .into_iter()
                .map(|plan| match plan {
                    Plan::Delete => "delete".to_owned(),
                    Plan::Refuse(refusal) => refusal.code().to_owned(),
                    Plan::Unchecked(error) => error.code().to_owned(),
                })
                .collect()
        };
        assert_eq!(
            kinds(plan(&ids, lookups(), false)),
            ["delete", "wrong_status", "not_found", "upstream_timeout"]
        );
        let atomic = plan(&ids, lookups(), true);
        match &atomic[0] {
            Plan::Refuse(Refusal::BlockedByBatch { blocking }) => {
                assert_eq!(blocking, &["b", "c", "d"]);
            }
            other => panic!("{other:?}"),
        }
        let fine = plan(&ids[..1], vec![Ok(snapshot("a", "error"))], true);
        assert!(matches!(fine[..], [Plan::Delete]));
    }

    #[test]
    fn a_lost_answer_is_not_a_refusal() {
        let id = SnapshotId::parse("a").unwrap();
        let lost = failed(&id, &CloudError::Timeout);
        assert_eq!(lost.outcome, Outcome::Unknown);
        assert_eq!(lost.code.as_deref(), Some("outcome_unknown"));
        assert!(lost.message.unwrap().contains("may or may not"));
        let refused = failed(&id, &not_found());
        assert_eq!(refused.message.as_deref(), Some("m"));
    }
}
