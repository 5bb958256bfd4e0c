use super::*;
use crate::cloud::evs::wire::{Attachment, Volume};
use crate::emulator::evs::query::parse_snapshot_query;
use shared::{SnapshotStatus, Timestamp};
use std::collections::BTreeMap;

const SECOND: i64 = 1_000_000;
const T0: i64 = 1_700_000_000 * SECOND;

fn volume(id: &str, attached: bool) -> Volume {
    Volume {
        id: id.into(),
        name: format!("{id}-name"),
        status: if attached { "in-use" } else { "available" }.into(),
        size: 40,
        attachments: if attached {
            vec![Attachment {
                server_id: "srv".into(),
                device: "/dev/vdb".into(),
                attachment_id: None,
            }]
        } else {
            Vec::new()
        },
        availability_zone: None,
        volume_type: None,
        bootable: None,
        created_at: Some(Timestamp::from_micros(T0)),
    }
}

fn record(id: &str, volume: &str, name: &str, created: i64, status: SnapshotStatus) -> Record {
    Record {
        id: id.into(),
        name: name.into(),
        description: None,
        metadata: BTreeMap::new(),
        volume_id: volume.into(),
        size: 40,
        created,
        updated: None,
        state: State::Settled {
            status,
            progress: "100%".into(),
        },
    }
}

/// Ten snapshots on two volumes; `s3` and `s4` share a creation time.
fn store() -> Store {
    let mut records = Vec::new();
    for i in 0..10 {
        let created = T0 + i64::from(i) * SECOND - if i == 4 { SECOND } else { 0 };
        let status = if i % 3 == 0 {
            SnapshotStatus::Error
        } else {
            SnapshotStatus::Available
        };
        let volume = if i % 2 == 0 { "vol-a" } else { "vol-b" };
        let name = if i < 5 { "daily" } else { "weekly" };
        records.push(record(&format!("s{i}"), volume, name, created, status));
    }
    Store::new(
        "proj".into(),
        vec![volume("vol-a", false), volume("vol-b", true)],
        records,
    )
}

fn ids(page: &Page<Snapshot>) -> Vec<&str> {
    page.items.iter().map(|s| s.id.as_str()).collect()
}

fn list(store: &Store, raw: &str) -> Result<Page<Snapshot>, Fault> {
    store.list_snapshots(&parse_snapshot_query(Some(raw)).unwrap(), T0)
}

#[test]
fn newest_first_with_ties_by_id() {
    let page = list(&store(), "").unwrap();
    assert_eq!(
        ids(&page),
        ["s9", "s8", "s7", "s6", "s5", "s4", "s3", "s2", "s1", "s0"]
    );
    assert!(!page.more);
    assert_eq!(page.items[0].project_id.as_deref(), Some("proj"));
    assert_eq!(page.items[0].progress.as_deref(), Some("100%"));
}

#[test]
fn marker_walk_covers_everything_once() {
    let store = store();
    let mut seen = Vec::new();
    let mut raw = "limit=3".to_owned();
    loop {
        let page = list(&store, &raw).unwrap();
        seen.extend(ids(&page).iter().map(|id| id.to_string()));
        if !page.more {
            break;
        }
        raw = format!("limit=3&marker={}", seen.last().unwrap());
    }
    let all: Vec<String> = ids(&list(&store, "").unwrap())
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(seen, all);
}

#[test]
fn marker_then_offset_and_filters() {
    let store = store();
    assert_eq!(
        ids(&list(&store, "marker=s7&offset=2&limit=2").unwrap()),
        ["s4", "s3"]
    );
    // s4 and s3 tie on time: the marker s4 still continues with s3.
    assert_eq!(ids(&list(&store, "marker=s4&limit=1").unwrap()), ["s3"]);
    // A marker the filters exclude still marks a place.
    assert_eq!(
        ids(&list(&store, "marker=s7&volume_id=vol-a").unwrap()),
        ["s6", "s4", "s2", "s0"]
    );
    assert_eq!(
        list(&store, "marker=nope"),
        Err(Fault::MarkerNotFound("nope".into()))
    );
}

#[test]
fn filters_are_and_ed() {
    let store = store();
    assert_eq!(
        ids(&list(&store, "status=error").unwrap()),
        ["s9", "s6", "s3", "s0"]
    );
    assert_eq!(
        ids(&list(&store, "name=weekly&status=error").unwrap()),
        ["s9", "s6"]
    );
    assert_eq!(
        ids(&list(&store, "name=daily&status=error&volume_id=vol-a").unwrap()),
        ["s0"]
    );
    assert!(list(&store, "status=nonsense").unwrap().items.is_empty());
    assert!(list(&store, "name=Daily").unwrap().items.is_empty());
}

#[test]
fn more_is_set_only_when_rows_remain() {
    let store = store();
    assert!(list(&store, "limit=9").unwrap().more);
    assert!(!list(&store, "limit=10").unwrap().more);
    assert!(!list(&store, "offset=8&limit=2").unwrap().more);
    let beyond = list(&store, "offset=50").unwrap();
    assert!(beyond.items.is_empty() && !beyond.more);
}

fn new_snapshot(volume_id: &str) -> NewSnapshot {
    NewSnapshot {
        volume_id: volume_id.into(),
        name: Some("nightly".into()),
        ..NewSnapshot::default()
    }
}

#[test]
fn a_new_snapshot_progresses_then_becomes_available() {
    let mut store = store();
    let created = store
        .create_snapshot(
            new_snapshot("vol-a"),
            "new".into(),
            T0 + 100 * SECOND,
            10 * SECOND,
        )
        .unwrap();
    assert_eq!(created.status, SnapshotStatus::Creating);
    assert_eq!(created.size, 40);
    assert_eq!(
        created.progress, None,
        "create's reply has no extended attributes"
    );
    assert_eq!(created.updated_at, Some(created.created_at.clone()));
    let at = |seconds: i64| {
        store
            .get_snapshot("new", T0 + (100 + seconds) * SECOND)
            .unwrap()
    };
    assert_eq!(at(0).progress.as_deref(), Some("0%"));
    assert_eq!(at(5).progress.as_deref(), Some("50%"));
    assert_eq!(at(5).status, SnapshotStatus::Creating);
    assert_eq!(at(9).progress.as_deref(), Some("90%"));
    let done = at(10);
    assert_eq!(done.status, SnapshotStatus::Available);
    assert_eq!(done.progress.as_deref(), Some("100%"));
    assert_eq!(
        done.updated_at,
        Some(Timestamp::from_micros(T0 + 110 * SECOND))
    );
    // The newest snapshot leads the list; the status filter sees the current status.
    let later = store
        .list_snapshots(
            &parse_snapshot_query(Some("status=available")).unwrap(),
            T0 + 200 * SECOND,
        )
        .unwrap();
    assert_eq!(later.items[0].id, "new");
    let early = store
        .list_snapshots(
            &parse_snapshot_query(Some("status=creating")).unwrap(),
            T0 + 101 * SECOND,
        )
        .unwrap();
    assert_eq!(ids(&early), ["new"]);
}

#[test]
fn create_refusals() {
    let mut store = store();
    let mut create = |request: NewSnapshot| store.create_snapshot(request, "x".into(), T0, 0);
    assert_eq!(create(new_snapshot("")), Err(Fault::MissingVolumeId));
    assert_eq!(
        create(new_snapshot("vol-z")),
        Err(Fault::VolumeNotFound("vol-z".into()))
    );
    assert_eq!(
        create(new_snapshot("../x")),
        Err(Fault::VolumeNotFound("../x".into()))
    );
    assert_eq!(
        create(new_snapshot("vol-b")),
        Err(Fault::VolumeInUse("vol-b".into()))
    );
    let mut long = new_snapshot("vol-a");
    long.description = Some("d".repeat(256));
    assert!(matches!(create(long), Err(Fault::InvalidInput(m)) if m.contains("Description")));
    let forced = NewSnapshot {
        force: true,
        ..new_snapshot("vol-b")
    };
    assert_eq!(create(forced).unwrap().volume_id, "vol-b");
}

#[test]
fn updates() {
    let mut store = store();
    let changes = SnapshotChanges {
        name: Some("renamed".into()),
        description: Some("描述".into()),
    };
    let updated = store
        .update_snapshot("s1", changes, T0 + 50 * SECOND)
        .unwrap();
    assert_eq!(updated.name, "renamed");
    assert_eq!(updated.description.as_deref(), Some("描述"));
    assert_eq!(
        updated.updated_at,
        Some(Timestamp::from_micros(T0 + 50 * SECOND))
    );
    assert_eq!(store.get_snapshot("s1", T0).unwrap().name, "renamed");
    assert_eq!(
        store.update_snapshot("s1", SnapshotChanges::default(), T0),
        Err(Fault::NothingToUpdate)
    );
    let long = SnapshotChanges {
        name: Some("n".repeat(256)),
        description: None,
    };
    assert!(matches!(
        store.update_snapshot("s1", long, T0),
        Err(Fault::InvalidInput(_))
    ));
    let rename = SnapshotChanges {
        name: Some("x".into()),
        description: None,
    };
    assert_eq!(
        store.update_snapshot("nope", rename, T0),
        Err(Fault::SnapshotNotFound("nope".into()))
    );
}

#[test]
fn volume_pages() {
    let store = store();
    let (all, count) = store.list_volumes(&PageQuery::default(), T0).unwrap();
    assert_eq!(count, 2);
    let names: Vec<&str> = all.items.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(names, ["vol-b", "vol-a"]);
    let page = PageQuery {
        limit: Some(1),
        ..PageQuery::default()
    };
    let (first, _) = store.list_volumes(&page, T0).unwrap();
    assert!(first.more);
    let after = PageQuery {
        marker: Some("vol-b".into()),
        ..page
    };
    let (second, _) = store.list_volumes(&after, T0).unwrap();
    assert_eq!(second.items[0].id, "vol-a");
    assert!(!second.more);
}

#[test]
fn the_indexes_follow_renames_state_changes_and_deletions() {
    let mut store = store();
    // A rename moves the snapshot from one name's index to the other's.
    let rename = SnapshotChanges {
        name: Some("weekly".into()),
        description: None,
    };
    store.update_snapshot("s1", rename, T0).unwrap();
    assert_eq!(
        ids(&list(&store, "name=daily").unwrap()),
        ["s4", "s3", "s2", "s0"]
    );
    assert_eq!(
        ids(&list(&store, "name=weekly").unwrap()),
        ["s9", "s8", "s7", "s6", "s5", "s1"]
    );
    // A deletion: `deleting` while it settles (under its status filter, not its old one),
    // then gone from every list, and the marker that named it no longer resolves.
    store.delete_snapshot("s2", T0, 10 * SECOND).unwrap();
    let at = |store: &Store, raw: &str, now: i64| {
        store
            .list_snapshots(&parse_snapshot_query(Some(raw)).unwrap(), now)
            .unwrap()
            .items
            .into_iter()
            .map(|snapshot| snapshot.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(at(&store, "status=deleting", T0), ["s2"]);
    assert!(!at(&store, "status=available", T0).contains(&"s2".to_owned()));
    assert!(!at(&store, "name=daily", T0 + 20 * SECOND).contains(&"s2".to_owned()));
    // The next write settles the store: s2 is forgotten.
    store
        .delete_snapshot("s0", T0 + 20 * SECOND, SECOND)
        .unwrap();
    assert_eq!(
        list(&store, "marker=s2"),
        Err(Fault::MarkerNotFound("s2".into()))
    );
    // A creation is found by `status=creating`, then (settled) by `status=available`.
    store
        .create_snapshot(new_snapshot("vol-a"), "n1".into(), T0 + 30 * SECOND, SECOND)
        .unwrap();
    assert_eq!(at(&store, "status=creating", T0 + 30 * SECOND), ["n1"]);
    store
        .create_snapshot(new_snapshot("vol-a"), "n2".into(), T0 + 40 * SECOND, SECOND)
        .unwrap();
    assert_eq!(
        at(&store, "status=available&name=nightly", T0 + 40 * SECOND),
        ["n1"]
    );
    assert_eq!(
        store
            .get_snapshot("n1", T0 + 40 * SECOND)
            .unwrap()
            .updated_at,
        Some(Timestamp::from_micros(T0 + 31 * SECOND)),
        "settling keeps the time it finished as its update"
    );
}
