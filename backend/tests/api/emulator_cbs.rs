//! The CBS emulator through real HTTP, through the harness in `support::cbs`: `v3` covers API
//! 3.0's `DescribeSnapshots`, `v3_writes` its disk list and writes, `v2` the seed's API 2.0.

mod v2;
mod v3;
mod v3_apply;
mod v3_filters;
mod v3_writes;

use crate::support::cbs::{start, start_with, V3Call};
use crate::support::Reply;

#[tokio::test]
async fn unknown_paths_still_answer_tencent_json() {
    let emulator = start().await;
    let answer = Reply::read(
        reqwest::get(format!("{}/v3/snapshots", emulator.base))
            .await
            .unwrap(),
    )
    .await;
    answer.assert_tencent_envelope();
    let reply: snapdeck::cloud::cbs::wire::Reply<snapdeck::cloud::cbs::wire::ErrorResponse> =
        answer.json();
    assert_eq!(reply.response.error.code, "UnsupportedProtocol");
    assert!(!reply.response.request_id.is_empty());
}

#[tokio::test]
async fn an_empty_tenant_lists_nothing() {
    let emulator = start_with(false).await;
    let answer = V3Call::post("{}").send(&emulator).await;
    let reply: snapdeck::cloud::cbs::wire::Reply<
        snapdeck::cloud::cbs::wire::DescribeSnapshotsResponse,
    > = answer.json();
    assert_eq!(reply.response.total_count, 0);
    assert!(reply.response.snapshot_set.is_empty());
}
