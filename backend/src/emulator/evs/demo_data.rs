//! The demo's disks and snapshots (the catalogue is in [`tables`]). Times are relative to
//! start-up so ages look real; ids are fixed, so a link into the demo survives a restart.

use std::collections::BTreeMap;

use crate::cloud::evs::wire::{Attachment, Volume};
use sha2::{Digest, Sha256};
use shared::{SnapshotStatus, Timestamp};

use super::record::{Record, State};

mod tables;

use tables::{snapshots, Demo, VOLUMES};

const SECOND: i64 = 1_000_000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// A stable id for the `index`th demo item, shaped like a random (v4) UUID.
fn demo_id(kind: &str, index: usize) -> String {
    let digest = Sha256::digest(format!("snapdeck-demo-{kind}:{index}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// Seconds and microseconds that make a time look unplanned; equal ages get equal jitter.
fn jitter((days, hours, minutes): (i64, i64, i64)) -> i64 {
    let seed = days * 7919 + hours * 104_729 + minutes * 1_299_709;
    seed.rem_euclid(59) * SECOND + seed.rem_euclid(999_983)
}

/// The demo's disks, created long enough before `now`.
pub fn volumes(now: i64) -> Vec<Volume> {
    VOLUMES
        .iter()
        .enumerate()
        .map(|(index, demo)| Volume {
            id: demo.id.to_owned(),
            name: demo.name.to_owned(),
            status: if demo.attached.is_some() {
                "in-use"
            } else {
                "available"
            }
            .to_owned(),
            size: demo.size,
            attachments: demo
                .attached
                .iter()
                .map(|(server_id, device)| Attachment {
                    server_id: (*server_id).to_owned(),
                    device: (*device).to_owned(),
                    attachment_id: Some(demo_id("attachment", index)),
                })
                .collect(),
            availability_zone: Some("cn-north-4a".to_owned()),
            volume_type: Some(demo.volume_type.to_owned()),
            bootable: Some(demo.bootable.to_string()),
            created_at: Some(Timestamp::from_micros(
                now - demo.age_days * DAY - jitter((demo.age_days, 0, 0)),
            )),
        })
        .collect()
}

/// The demo's snapshots as of `now`.
pub fn snapshots_at(now: i64) -> Vec<Record> {
    snapshots()
        .into_iter()
        .enumerate()
        .map(|(index, demo)| {
            let volume = &VOLUMES[demo.volume.min(VOLUMES.len() - 1)];
            let (days, hours, minutes) = demo.age;
            let (created, state) = match demo.state {
                Demo::Creating { elapsed, remaining } => (
                    now - elapsed * SECOND,
                    State::Creating {
                        done_at: now + remaining * SECOND,
                    },
                ),
                settled => {
                    let (status, progress) = match settled {
                        Demo::Error => (SnapshotStatus::Error, "0%"),
                        _ => (SnapshotStatus::Available, "100%"),
                    };
                    (
                        now - days * DAY - hours * HOUR - minutes * MINUTE - jitter(demo.age),
                        State::Settled {
                            status,
                            progress: progress.to_owned(),
                        },
                    )
                }
            };
            // A snapshot still being created was last updated when it was created; the others
            // were updated a few minutes after creation, never after `now`.
            let updated = match state {
                State::Creating { .. } => Some(created),
                State::Settled { .. } | State::Deleting { .. } | State::Rollbacking { .. } => demo
                    .updated_after
                    .map(|after| (created + after * MINUTE).min(now)),
            };
            Record {
                id: demo_id("snapshot", index),
                name: demo.name.to_owned(),
                description: demo.description.map(str::to_owned),
                metadata: demo
                    .metadata
                    .iter()
                    .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
                    .collect::<BTreeMap<_, _>>(),
                volume_id: volume.id.to_owned(),
                size: volume.size,
                created,
                updated,
                state,
            }
        })
        .collect()
}

/// `count` settled snapshots spread over the demo's disks, for load tests and benchmarks: one
/// a minute back from `now`, 1,000 names repeating (`load-0` … `load-999`), one in fifty
/// `error`, the rest `available`.
pub fn load_snapshots(now: i64, count: usize) -> Vec<Record> {
    (0..count)
        .map(|index| {
            let volume = &VOLUMES[index % VOLUMES.len()];
            let status = if index % 50 == 49 {
                SnapshotStatus::Error
            } else {
                SnapshotStatus::Available
            };
            let created = now - i64::try_from(index).unwrap_or(i64::MAX) * MINUTE;
            Record {
                id: demo_id("load", index),
                name: format!("load-{}", index % 1000),
                description: None,
                metadata: BTreeMap::new(),
                volume_id: volume.id.to_owned(),
                size: volume.size,
                created,
                updated: Some(created),
                state: State::Settled {
                    progress: if status == SnapshotStatus::Error {
                        "0%"
                    } else {
                        "100%"
                    }
                    .to_owned(),
                    status,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const NOW: i64 = 1_750_000_000 * SECOND;

    #[test]
    fn nothing_was_updated_in_the_future() {
        for record in snapshots_at(NOW) {
            assert!(
                record.updated.is_none_or(|updated| updated <= NOW),
                "{}",
                record.id
            );
            assert!(record
                .updated
                .is_none_or(|updated| updated >= record.created));
        }
    }

    #[test]
    fn the_demo_is_varied_enough() {
        let volumes = volumes(NOW);
        let records = snapshots_at(NOW);
        assert!(records.len() >= 30);
        let used: HashSet<&str> = records.iter().map(|r| r.volume_id.as_str()).collect();
        assert!(used.len() >= 5);
        assert!(volumes.iter().any(Volume::is_attached));
        assert!(volumes.iter().any(|v| !v.is_attached()));
        let ids: HashSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), records.len(), "ids are unique");
        for status in [
            SnapshotStatus::Available,
            SnapshotStatus::Error,
            SnapshotStatus::Creating,
        ] {
            assert!(
                records
                    .iter()
                    .any(|r| r.view(NOW, "p", true).status == status),
                "{status}"
            );
        }
        let auto: Vec<&Record> = records
            .iter()
            .filter(|r| {
                r.metadata
                    .contains_key(crate::cloud::evs::wire::AUTO_BACKUP_METADATA_KEY)
            })
            .collect();
        assert_eq!(auto.len(), 1);
        assert!(shared::validate::is_reserved_name(&auto[0].name));
        assert!(records.iter().any(|r| r.name == "数据库每日备份"));
        assert!(records.iter().any(|r| r.name.contains('é')));
        assert!(records.iter().any(|r| r.description.is_none()));
        assert!(records.iter().any(|r| r.updated.is_none()));
        let oldest = records.iter().map(|r| r.created).min().unwrap();
        assert!(NOW - oldest > 150 * DAY, "spread over months");
        assert!(records.iter().all(|r| r.created <= NOW));
    }

    #[test]
    fn creating_demo_snapshots_finish() {
        let records = snapshots_at(NOW);
        let creating: Vec<&Record> = records
            .iter()
            .filter(|r| matches!(r.state, State::Creating { .. }))
            .collect();
        assert!(!creating.is_empty());
        for record in creating {
            let later = record.view(NOW + 10 * MINUTE, "p", true);
            assert_eq!(later.status, SnapshotStatus::Available);
        }
    }

    #[test]
    fn ids_are_stable_uuids() {
        assert_eq!(demo_id("snapshot", 3), demo_id("snapshot", 3));
        assert_ne!(demo_id("snapshot", 3), demo_id("snapshot", 4));
        let id = uuid::Uuid::parse_str(&demo_id("snapshot", 0)).unwrap();
        assert_eq!(id.get_version_num(), 4);
        // Every table entry names a real volume.
        assert!(snapshots().iter().all(|s| s.volume < VOLUMES.len()));
    }
}
