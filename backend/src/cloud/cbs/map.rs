//! CBS snapshots (API 3.0 `SnapshotSet[]`, API 2.0 `snapshotSet[]`) onto the console's model.
//! Nothing CBS says is dropped: what the common model has no field for goes into [`CbsExtra`],
//! and the provider's own status word is kept next to the normalised one.

use std::collections::BTreeMap;

use shared::snapshot::{CbsExtra, ProviderExtra};
use shared::volume::{Attachment, Volume};
use shared::{Snapshot, SnapshotStatus, Timestamp};

use super::wire::{
    disk_usage_from_v2, CbsState, DiskV3, SnapshotV2, SnapshotV3, BEIJING_OFFSET_MICROS,
};

/// An API 3.0 snapshot.
pub fn snapshot_from_v3(wire: SnapshotV3) -> Snapshot {
    Snapshot {
        status: status_from_provider(&wire.snapshot_state),
        provider_status: wire.snapshot_state,
        created_at: created_at(&wire.create_time),
        id: wire.snapshot_id,
        name: wire.snapshot_name,
        description: None,
        updated_at: None,
        metadata: BTreeMap::new(),
        volume_id: wire.disk_id,
        size_gib: wire.disk_size,
        progress: Some(progress(wire.percent)),
        auto_backup: false,
        expires_at: wire
            .deadline_time
            .filter(|deadline| !wire.is_permanent && !deadline.is_empty())
            .map(|deadline| Timestamp::parse(&deadline)),
        extra: Some(ProviderExtra::Cbs(CbsExtra {
            project_id: non_empty(wire.placement.project_id),
            disk_usage: non_empty(wire.disk_usage),
            zone: non_empty(wire.placement.zone),
            encrypted: Some(wire.encrypt),
            created_at_raw: non_empty(wire.create_time),
        })),
    }
}

/// An API 2.0 snapshot (seed 003). 2.0 has no zone and no encryption flag.
pub fn snapshot_from_v2(wire: SnapshotV2) -> Snapshot {
    Snapshot {
        status: status_from_provider(&wire.snapshot_status),
        provider_status: wire.snapshot_status,
        created_at: created_at(&wire.create_time),
        id: wire.snapshot_id,
        name: wire.snapshot_name,
        description: None,
        updated_at: None,
        metadata: BTreeMap::new(),
        volume_id: wire.storage_id,
        size_gib: wire.storage_size,
        progress: Some(progress(wire.percent)),
        auto_backup: false,
        expires_at: None,
        extra: Some(ProviderExtra::Cbs(CbsExtra {
            project_id: non_empty(wire.project_id),
            disk_usage: disk_usage_word_from_v2(&wire.disk_type),
            zone: None,
            encrypted: None,
            created_at_raw: non_empty(wire.create_time),
        })),
    }
}

/// A CBS disk as the console's volume: `DiskState` is the status word, `InstanceId` the one
/// attachment, `RollbackPercent` the rollback's progress while `Rollbacking`.
pub fn volume_from_disk(wire: DiskV3) -> Volume {
    let attachments = if wire.attached && !wire.instance_id.is_empty() {
        vec![Attachment {
            server_id: wire.instance_id,
            device: String::new(),
        }]
    } else {
        Vec::new()
    };
    Volume {
        id: wire.disk_id,
        name: wire.disk_name,
        status: wire.disk_state,
        size_gib: wire.disk_size,
        attached: wire.attached,
        attachments,
        zone: non_empty(wire.placement.zone),
        volume_type: non_empty(wire.disk_type),
        bootable: Some(wire.disk_usage == "SYSTEM_DISK"),
        created_at: non_empty(wire.create_time).map(|raw| created_at(&raw)),
        rollback_progress: wire.rollbacking.then(|| progress(wire.rollback_percent)),
    }
}

/// A console time as Tencent's ISO 8601 with an explicit UTC offset.
pub fn deadline(time: &Timestamp) -> Option<String> {
    let micros = time.unix_micros()?;
    let text = shared::time::format_evs(micros);
    Some(format!("{}+00:00", text.get(..19).unwrap_or(&text)))
}

/// CBS's state words (3.0 upper case, 2.0 lower case) as the shared status; any other word is
/// kept as it came (`COPYING_FROM_REMOTE`, `TORECYCLE`, …).
pub fn status_from_provider(word: &str) -> SnapshotStatus {
    match CbsState::parse(word) {
        Some(CbsState::Normal) => SnapshotStatus::Available,
        Some(CbsState::Creating) => SnapshotStatus::Creating,
        Some(CbsState::Rollbacking) => SnapshotStatus::Rollbacking,
        _ => SnapshotStatus::Other(word.to_owned()),
    }
}

/// The console's status as API 3.0's state word; only the three CBS documents have one.
pub fn state_for_status(status: &SnapshotStatus) -> Option<CbsState> {
    match status {
        SnapshotStatus::Available => Some(CbsState::Normal),
        SnapshotStatus::Creating => Some(CbsState::Creating),
        SnapshotStatus::Rollbacking => Some(CbsState::Rollbacking),
        _ => None,
    }
}

/// 2.0's `diskType` in 3.0's words; an unknown word is kept rather than lost.
pub fn disk_usage_word_from_v2(disk_type: &str) -> Option<String> {
    match disk_usage_from_v2(disk_type) {
        Some(usage) => Some(usage.as_str().to_owned()),
        None => non_empty(disk_type.to_owned()),
    }
}

/// A CBS creation time in UTC. Tencent writes Beijing time without a zone; 2.0 may send Unix
/// seconds instead (documented as Int). An explicit `Z`/`+00:00` is UTC and `+08:00` is Beijing.
/// What does not parse is kept verbatim, never an error.
pub fn created_at(raw: &str) -> Timestamp {
    let text = raw.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(seconds) = text.parse::<i64>() {
            return Timestamp::from_micros(seconds.saturating_mul(1_000_000));
        }
    }
    let explicit_utc = text.ends_with('Z') || text.ends_with("+00:00");
    let local = text.strip_suffix("+08:00").unwrap_or(text);
    match shared::time::parse_utc_micros(local) {
        Some(micros) if explicit_utc => Timestamp::from_micros(micros),
        Some(micros) => Timestamp::from_micros(micros.saturating_sub(BEIJING_OFFSET_MICROS)),
        None => Timestamp::parse(raw),
    }
}

fn progress(percent: u64) -> u8 {
    u8::try_from(percent.min(100)).unwrap_or(100)
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::cbs::wire::{DescribeSnapshotsResponse, Placement, Reply, ReplyV2};

    fn extra(snapshot: Snapshot) -> CbsExtra {
        match snapshot.extra {
            Some(ProviderExtra::Cbs(extra)) => extra,
            other => panic!("{other:?}"),
        }
    }

    fn v3_sample() -> SnapshotV3 {
        SnapshotV3 {
            snapshot_id: "snap-gybrqxsa".into(),
            disk_id: "disk-pjhzmpfq".into(),
            snapshot_name: "数据盘 上线前".into(),
            snapshot_state: "CREATING".into(),
            percent: 37,
            disk_size: 50,
            create_time: "2024-01-01 00:26:40".into(),
            disk_usage: "DATA_DISK".into(),
            placement: Placement {
                project_id: "1142018".into(),
                zone: "ap-guangzhou-3".into(),
            },
            encrypt: true,
            is_permanent: true,
            deadline_time: None,
        }
    }

    #[test]
    fn deadlines_and_disks() {
        let mut wire = v3_sample();
        wire.is_permanent = false;
        wire.deadline_time = Some("2030-01-08T09:47:55+00:00".into());
        let snapshot = snapshot_from_v3(wire);
        let expires = snapshot.expires_at.unwrap();
        assert_eq!(expires.as_str(), "2030-01-08T09:47:55.000000");
        assert_eq!(
            deadline(&expires).as_deref(),
            Some("2030-01-08T09:47:55+00:00")
        );
        let disk: DiskV3 = serde_json::from_value(serde_json::json!({
            "DiskId": "disk-1", "DiskName": "db", "DiskState": "ROLLBACKING", "DiskUsage": "DATA_DISK",
            "DiskSize": 100, "Attached": true, "InstanceId": "ins-1", "Rollbacking": true,
            "RollbackPercent": 40, "Placement": {"Zone": "ap-guangzhou-3", "ProjectId": 0}
        }))
        .unwrap();
        let volume = volume_from_disk(disk);
        assert!(volume.is_attached());
        assert_eq!(volume.attachments[0].server_id, "ins-1");
        assert_eq!(volume.rollback_progress, Some(40));
        assert_eq!(volume.bootable, Some(false));
    }

    #[test]
    fn v3_keeps_every_field() {
        let snapshot = snapshot_from_v3(v3_sample());
        assert_eq!(snapshot.id, "snap-gybrqxsa");
        assert_eq!(snapshot.volume_id, "disk-pjhzmpfq");
        assert_eq!(snapshot.name, "数据盘 上线前");
        assert_eq!(snapshot.status, SnapshotStatus::Creating);
        assert_eq!(snapshot.progress, Some(37));
        assert_eq!(snapshot.size_gib, 50);
        // 00:26:40 on New Year's Day in Beijing is still 2023 in UTC.
        assert_eq!(snapshot.created_at.as_str(), "2023-12-31T16:26:40.000000");
        assert_eq!(snapshot.description, None);
        assert_eq!(snapshot.updated_at, None);
        assert!(snapshot.metadata.is_empty());
        assert_eq!(
            (snapshot.provider_status.as_str(), snapshot.extra),
            (
                "CREATING",
                Some(ProviderExtra::Cbs(CbsExtra {
                    project_id: Some("1142018".into()),
                    disk_usage: Some("DATA_DISK".into()),
                    zone: Some("ap-guangzhou-3".into()),
                    encrypted: Some(true),
                    created_at_raw: Some("2024-01-01 00:26:40".into()),
                }))
            )
        );
    }

    #[test]
    fn v3_reply_as_tencent_writes_it() {
        // Tencent's reply carries fields the console does not read; they must not break it.
        let reply: Reply<DescribeSnapshotsResponse> = serde_json::from_str(
            r#"{"Response":{"TotalCount":1,"RequestId":"r-1","SnapshotSet":[{
                "SnapshotId":"snap-abcd1234","DiskId":"disk-abcd1234","SnapshotName":"sys",
                "SnapshotState":"NORMAL","Percent":100,"DiskSize":50,
                "CreateTime":"2016-05-17 19:58:48","DiskUsage":"SYSTEM_DISK",
                "Placement":{"ProjectId":0,"Zone":"ap-guangzhou-2","CageId":null},
                "Encrypt":false,"SnapshotType":"PRIVATE_SNAPSHOT","IsPermanent":true}]}}"#,
        )
        .unwrap();
        let snapshot = snapshot_from_v3(reply.response.snapshot_set[0].clone());
        assert_eq!(snapshot.status, SnapshotStatus::Available);
        assert_eq!(snapshot.created_at.as_str(), "2016-05-17T11:58:48.000000");
        assert_eq!(snapshot.provider_status, "NORMAL");
        let details = extra(snapshot);
        assert_eq!(details.project_id.as_deref(), Some("0"));
        assert_eq!(details.disk_usage.as_deref(), Some("SYSTEM_DISK"));
        assert_eq!(details.encrypted, Some(false));
    }

    #[test]
    fn v2_seed_sample() {
        // The reply of seed 003, verbatim.
        let reply: ReplyV2 = serde_json::from_str(
            r#"{"code":0,"message":"","totalCount":5,"snapshotSet":[{"snapshotId":"snap-ffxxxrx",
            "storageId":"disk-8rxxyy","snapshotName":"ABCDEFGHHHH","snapshotStatus":"normal",
            "projectId":0,"percent":100,"storageSize":10,"createTime":"2016-05-17 19:58:48",
            "diskType":"data"}]}"#,
        )
        .unwrap();
        let wire = reply.snapshot_set.unwrap().remove(0);
        let snapshot = snapshot_from_v2(wire);
        assert_eq!(snapshot.id, "snap-ffxxxrx");
        assert_eq!(snapshot.volume_id, "disk-8rxxyy");
        assert_eq!(snapshot.name, "ABCDEFGHHHH");
        assert_eq!(snapshot.status, SnapshotStatus::Available);
        assert_eq!(snapshot.size_gib, 10);
        assert_eq!(snapshot.progress, Some(100));
        assert_eq!(snapshot.provider_status, "normal");
        assert_eq!(snapshot.created_at.as_str(), "2016-05-17T11:58:48.000000");
        assert_eq!(
            extra(snapshot),
            CbsExtra {
                project_id: Some("0".into()),
                disk_usage: Some("DATA_DISK".into()),
                zone: None,
                encrypted: None,
                created_at_raw: Some("2016-05-17 19:58:48".into()),
            }
        );
    }

    #[test]
    fn v2_integer_create_time_is_unix_seconds() {
        let wire: SnapshotV2 = serde_json::from_str(
            r#"{"snapshotId":"snap-1","storageId":"disk-1","snapshotName":"n",
            "snapshotStatus":"rollbacking","projectId":3,"percent":100,"storageSize":10,
            "createTime":1463486328,"diskType":"root"}"#,
        )
        .unwrap();
        let snapshot = snapshot_from_v2(wire);
        // The same instant as the seed's "2016-05-17 19:58:48" Beijing time.
        assert_eq!(snapshot.created_at.as_str(), "2016-05-17T11:58:48.000000");
        assert_eq!(snapshot.status, SnapshotStatus::Rollbacking);
        let details = extra(snapshot);
        assert_eq!(details.created_at_raw.as_deref(), Some("1463486328"));
        assert_eq!(details.disk_usage.as_deref(), Some("SYSTEM_DISK"));
    }

    #[test]
    fn states_normalise_in_either_case_and_unknown_ones_are_kept() {
        let cases = [
            ("NORMAL", SnapshotStatus::Available),
            ("normal", SnapshotStatus::Available),
            ("CREATING", SnapshotStatus::Creating),
            ("creating", SnapshotStatus::Creating),
            ("ROLLBACKING", SnapshotStatus::Rollbacking),
            ("rollbacking", SnapshotStatus::Rollbacking),
            ("TORECYCLE", SnapshotStatus::Other("TORECYCLE".into())),
            (
                "COPYING_FROM_REMOTE",
                SnapshotStatus::Other("COPYING_FROM_REMOTE".into()),
            ),
            ("", SnapshotStatus::Other(String::new())),
        ];
        for (word, expected) in cases {
            assert_eq!(status_from_provider(word), expected, "{word:?}");
        }
        let mut wire = v3_sample();
        wire.snapshot_state = "CHECKING_COPIED".into();
        let snapshot = snapshot_from_v3(wire);
        assert_eq!(
            snapshot.status,
            SnapshotStatus::Other("CHECKING_COPIED".into())
        );
        assert_eq!(snapshot.provider_status, "CHECKING_COPIED");
    }

    #[test]
    fn create_times_in_every_form() {
        let cases = [
            ("2016-05-17 19:58:48", "2016-05-17T11:58:48.000000"),
            ("2016-05-17 19:58:48+08:00", "2016-05-17T11:58:48.000000"),
            ("2016-05-17T11:58:48Z", "2016-05-17T11:58:48.000000"),
            ("2016-05-17T11:58:48+00:00", "2016-05-17T11:58:48.000000"),
            ("1463486328", "2016-05-17T11:58:48.000000"),
            ("0", "1970-01-01T00:00:00.000000"),
            // Early on 1 March in Beijing is still 29 February (a leap day) in UTC.
            ("2024-03-01 07:59:59", "2024-02-29T23:59:59.000000"),
            ("not a time", "not a time"),
            ("", ""),
        ];
        for (raw, expected) in cases {
            assert_eq!(created_at(raw).as_str(), expected, "{raw:?}");
        }
        // Too many digits for an i64: kept as written rather than failing.
        assert_eq!(
            created_at("99999999999999999999").as_str(),
            "99999999999999999999"
        );
    }

    #[test]
    fn empty_optional_fields_stay_absent() {
        let mut wire = v3_sample();
        wire.placement = Placement::default();
        wire.disk_usage = String::new();
        wire.create_time = String::new();
        let snapshot = snapshot_from_v3(wire);
        let details = extra(snapshot);
        assert_eq!(details.project_id, None);
        assert_eq!(details.zone, None);
        assert_eq!(details.disk_usage, None);
        assert_eq!(details.created_at_raw, None);
        assert_eq!(disk_usage_word_from_v2(""), None);
        assert_eq!(
            disk_usage_word_from_v2("cbs-ssd").as_deref(),
            Some("cbs-ssd")
        );
    }
}
