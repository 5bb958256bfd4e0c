//! The CBS client against the CBS emulator over HTTP, API 3.0 and 2.0: list, get, filters,
//! paging, and the errors a console user can meet.

use std::sync::Arc;

use shared::api::{DiskUsage, ListQuery};
use shared::snapshot::{CbsExtra, ProviderExtra};
use shared::validate::{Field, FieldError, Problem};
use shared::{AccountName, Snapshot, SnapshotId, SnapshotStatus};
use snapdeck::cloud::http::{CloudHttp, Timeouts};
use snapdeck::cloud::{connect, CloudError, SnapshotPort};
use snapdeck::config::{AccountConfig, CbsApi, Credentials, ProviderConfig};

use crate::support::cbs::{
    start, Emulator, DEMO_TOTAL, REGION, SECOND_PROJECT, SECRET_ID, SECRET_KEY,
};

fn account(base: &str, api: CbsApi, secret_key: &str, region: &str) -> AccountConfig {
    AccountConfig {
        name: AccountName::parse("tencent-test").unwrap(),
        region: region.into(),
        endpoint: url::Url::parse(base).unwrap(),
        credentials: Credentials::new(SECRET_ID, secret_key),
        provider: ProviderConfig::Cbs { api },
        demo: false,
    }
}

type Client = Arc<dyn SnapshotPort>;

fn connect_to(account: &AccountConfig) -> Client {
    connect(account, CloudHttp::new(Timeouts::default()).unwrap())
}

fn client_for(emulator: &Emulator, api: CbsApi) -> Client {
    connect_to(&account(&emulator.base, api, SECRET_KEY, REGION))
}

fn id(text: &str) -> SnapshotId {
    SnapshotId::parse(text).unwrap()
}

fn cbs_extra(snapshot: &Snapshot) -> &CbsExtra {
    match &snapshot.extra {
        Some(ProviderExtra::Cbs(extra)) => extra,
        other => panic!("{other:?}"),
    }
}

const BOTH: [CbsApi; 2] = [CbsApi::V3, CbsApi::V2];

fn query(f: impl FnOnce(&mut ListQuery)) -> ListQuery {
    let mut query = ListQuery::default();
    f(&mut query);
    query
}

async fn all(client: &Client) -> Vec<Snapshot> {
    client
        .list_snapshots(&query(|q| q.limit = Some(100)))
        .await
        .unwrap()
        .snapshots
}

#[tokio::test]
async fn lists_a_numbered_page_newest_first() {
    let emulator = start().await;
    for api in BOTH {
        let page = client_for(&emulator, api)
            .list_snapshots(&ListQuery::default())
            .await
            .unwrap();
        assert_eq!(page.total_count, Some(DEMO_TOTAL), "{api:?}");
        assert_eq!(page.next_marker, None);
        assert_eq!(page.snapshots.len(), 20);
        assert!(page
            .snapshots
            .windows(2)
            .all(|pair| pair[0].created_at >= pair[1].created_at));
        let newest = &page.snapshots[0];
        assert_eq!(newest.status, SnapshotStatus::Creating);
        assert!(newest.progress.unwrap() < 100);
        assert!(newest.provider_status.eq_ignore_ascii_case("CREATING"));
        // Tencent's Beijing-time text is kept, and created_at is 8 hours earlier, in UTC.
        let raw = cbs_extra(newest).created_at_raw.as_deref().unwrap();
        let as_if_utc = shared::time::parse_utc_micros(raw).unwrap();
        assert_eq!(
            newest.created_at.unix_micros().unwrap(),
            as_if_utc - 8 * 3600 * 1_000_000
        );
    }
}

#[tokio::test]
async fn both_api_versions_tell_the_same_story() {
    let emulator = start().await;
    let v3 = all(&client_for(&emulator, CbsApi::V3)).await;
    let v2 = all(&client_for(&emulator, CbsApi::V2)).await;
    assert_eq!(v3.len() as u64, DEMO_TOTAL);
    assert_eq!(v2.len(), v3.len());
    for (a, b) in v3.iter().zip(&v2) {
        assert_eq!(
            (
                &a.id,
                &a.status,
                &a.volume_id,
                &a.name,
                a.size_gib,
                &a.created_at,
                &cbs_extra(a).project_id,
                &a.progress
            ),
            (
                &b.id,
                &b.status,
                &b.volume_id,
                &b.name,
                b.size_gib,
                &b.created_at,
                &cbs_extra(b).project_id,
                &b.progress
            )
        );
        let (da, db) = (cbs_extra(a), cbs_extra(b));
        assert_eq!(da.disk_usage, db.disk_usage);
        assert!(da.zone.is_some() && db.zone.is_none(), "2.0 has no zone");
    }
}

#[tokio::test]
async fn pages_by_offset() {
    let emulator = start().await;
    for api in BOTH {
        let client = client_for(&emulator, api);
        let everything: Vec<String> = all(&client).await.into_iter().map(|s| s.id).collect();
        let mut paged = Vec::new();
        for offset in [0, 12, 24] {
            let page = client
                .list_snapshots(&query(|q| {
                    q.offset = Some(offset);
                    q.limit = Some(12);
                }))
                .await
                .unwrap();
            assert_eq!(page.total_count, Some(DEMO_TOTAL));
            paged.extend(page.snapshots.into_iter().map(|s| s.id));
        }
        assert_eq!(paged, everything, "{api:?}");
    }
}

#[tokio::test]
async fn filters_reach_cbs() {
    let emulator = start().await;
    for api in BOTH {
        let client = client_for(&emulator, api);
        let everything = all(&client).await;
        let system = client
            .list_snapshots(&query(|q| {
                q.disk_usage = Some(DiskUsage::SystemDisk);
                q.limit = Some(100);
            }))
            .await
            .unwrap();
        let expected: Vec<&Snapshot> = everything
            .iter()
            .filter(|s| cbs_extra(s).disk_usage.as_deref() == Some("SYSTEM_DISK"))
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(
            system.snapshots.iter().collect::<Vec<_>>(),
            expected,
            "{api:?}"
        );
        assert_eq!(system.total_count, Some(expected.len() as u64));

        let volume = everything[0].volume_id.clone();
        let on_volume = client
            .list_snapshots(&query(|q| q.volume_id = Some(volume.clone())))
            .await
            .unwrap();
        assert!(on_volume.snapshots.len() > 1);
        assert!(on_volume.snapshots.iter().all(|s| s.volume_id == volume));

        let second: u64 = SECOND_PROJECT.parse().unwrap();
        let in_project = client
            .list_snapshots(&query(|q| {
                q.project_id = Some(second);
                q.disk_usage = Some(DiskUsage::DataDisk);
            }))
            .await
            .unwrap();
        assert!(!in_project.snapshots.is_empty());
        assert!(in_project
            .snapshots
            .iter()
            .all(
                |s| cbs_extra(s).project_id.as_deref() == Some(SECOND_PROJECT)
                    && cbs_extra(s).disk_usage.as_deref() == Some("DATA_DISK")
            ));
    }
}

#[tokio::test]
async fn name_and_status_filters_on_api_3() {
    let emulator = start().await;
    let client = client_for(&emulator, CbsApi::V3);
    let named = client
        .list_snapshots(&query(|q| q.name = Some("订单库 周备份".into())))
        .await
        .unwrap();
    assert_eq!(named.total_count, Some(2));
    assert!(named.snapshots.iter().all(|s| s.name == "订单库 周备份"));
    for (status, count) in [
        (SnapshotStatus::Creating, 2),
        (SnapshotStatus::Rollbacking, 1),
        (SnapshotStatus::Available, DEMO_TOTAL - 3),
    ] {
        let page = client
            .list_snapshots(&query(|q| {
                q.status = Some(status.clone());
                q.limit = Some(100);
            }))
            .await
            .unwrap();
        assert_eq!(page.total_count, Some(count), "{status}");
        assert!(page.snapshots.iter().all(|s| s.status == status));
    }
}

#[tokio::test]
async fn what_cbs_cannot_do_is_refused_before_any_call() {
    // An endpoint nobody listens on: a call would fail as Unreachable, not Invalid.
    let client = connect_to(&account(
        "http://127.0.0.1:9",
        CbsApi::V3,
        SECRET_KEY,
        REGION,
    ));
    let cases = [
        (
            query(|q| q.limit = Some(101)),
            Field::Limit,
            Problem::OutOfRange { min: 1, max: 100 },
        ),
        (
            query(|q| q.marker = Some("snap-abcd1234".into())),
            Field::Marker,
            Problem::Unsupported,
        ),
        (
            query(|q| q.status = Some(SnapshotStatus::Deleting)),
            Field::Status,
            Problem::UnknownValue {
                value: "deleting".into(),
            },
        ),
    ];
    for (query, field, problem) in cases {
        match client.list_snapshots(&query).await {
            Err(CloudError::Invalid(errors)) => {
                assert_eq!(errors, [FieldError::new(field, problem)])
            }
            other => panic!("{query:?}: {other:?}"),
        }
    }
    let v2 = connect_to(&account(
        "http://127.0.0.1:9",
        CbsApi::V2,
        SECRET_KEY,
        REGION,
    ));
    for (query, field) in [
        (query(|q| q.name = Some("x".into())), Field::Name),
        (
            query(|q| q.status = Some(SnapshotStatus::Available)),
            Field::Status,
        ),
    ] {
        match v2.list_snapshots(&query).await {
            Err(CloudError::Invalid(errors)) => {
                assert_eq!(errors, [FieldError::new(field, Problem::Unsupported)])
            }
            other => panic!("{query:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn gets_one_snapshot() {
    let emulator = start().await;
    for api in BOTH {
        let client = client_for(&emulator, api);
        let listed = all(&client).await;
        let wanted = &listed[5];
        let got = client.get_snapshot(&id(&wanted.id)).await.unwrap();
        assert_eq!(&got, wanted, "{api:?}");
        match client.get_snapshot(&id("snap-00000000")).await {
            Err(CloudError::Refused { status, code, .. }) => {
                assert_eq!(
                    (status, code.as_str()),
                    (404, "ResourceNotFound.SnapshotNotExist")
                );
            }
            other => panic!("{api:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_wrong_secret_key_is_rejected_credentials() {
    let emulator = start().await;
    for (api, expected) in [
        (CbsApi::V3, "AuthFailure.SignatureFailure"),
        (CbsApi::V2, "4100"),
    ] {
        let client = connect_to(&account(&emulator.base, api, "notTheSecretKey", REGION));
        match client.list_snapshots(&ListQuery::default()).await {
            Err(CloudError::CredentialsRejected {
                code,
                upstream_request_id,
                ..
            }) => {
                assert_eq!(code, expected);
                assert_eq!(upstream_request_id.is_some(), api == CbsApi::V3);
            }
            other => panic!("{api:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn tencent_refusals_keep_their_code_and_request_id() {
    let emulator = start().await;
    let client = connect_to(&account(
        &emulator.base,
        CbsApi::V3,
        SECRET_KEY,
        "ap-shanghai",
    ));
    match client.list_snapshots(&ListQuery::default()).await {
        Err(error @ CloudError::Refused { status: 400, .. }) => {
            assert!(error.to_string().contains("UnsupportedRegion"), "{error}");
            assert!(error.upstream_request_id().is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_unreachable_endpoint_never_shows_the_signed_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    for api in BOTH {
        let client = connect_to(&account(&base, api, SECRET_KEY, REGION));
        match client.list_snapshots(&ListQuery::default()).await {
            Err(CloudError::Unreachable(detail)) => {
                assert!(!detail.contains("Signature"), "{detail}");
                assert!(!detail.contains(SECRET_ID), "{detail}");
            }
            other => panic!("{api:?}: {other:?}"),
        }
    }
}

#[test]
fn the_client_debug_shows_no_key() {
    let client = connect_to(&account(
        "https://cbs.tencentcloudapi.com",
        CbsApi::V3,
        SECRET_KEY,
        REGION,
    ));
    let debug = format!("{client:?}");
    assert!(
        !debug.contains(SECRET_KEY) && !debug.contains(SECRET_ID),
        "{debug}"
    );
}
