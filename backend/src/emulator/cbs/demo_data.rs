//! The demo tenant: seven disks of three servers (system and data disks, projects 0 and
//! 1142018, three zones of Guangzhou) and their 28 snapshots, taken minutes to months before
//! the emulator started. Two are still `CREATING` and one is `ROLLBACKING`; they stay so (CBS
//! has no create call in the console, so nothing here moves on its own and pages stay stable).

use crate::cloud::cbs::wire::{DiskV3, Placement, SnapshotV3};

use super::store::Record;

/// The second project the demo uses besides the default project 0.
pub const SECOND_PROJECT: &str = "1142018";

struct Disk {
    id: &'static str,
    usage: &'static str,
    size: u64,
    project: &'static str,
    zone: &'static str,
    encrypt: bool,
}

const fn disk(
    id: &'static str,
    usage: &'static str,
    size: u64,
    project: &'static str,
    zone: &'static str,
    encrypt: bool,
) -> Disk {
    Disk {
        id,
        usage,
        size,
        project,
        zone,
        encrypt,
    }
}

/// Project ids, as CBS writes them.
const P0: &str = "0";
const P2: &str = SECOND_PROJECT;

/// The disks, one per line.
#[rustfmt::skip]
mod disks {
    use super::{disk, Disk, P0, P2};

    pub const WEB01_SYS: Disk = disk("disk-5wq3m1ka", "SYSTEM_DISK", 50, P0, "ap-guangzhou-3", false);
    pub const WEB02_SYS: Disk = disk("disk-8hx2pn7c", "SYSTEM_DISK", 50, P0, "ap-guangzhou-3", false);
    pub const DB_SYS: Disk = disk("disk-q4t9zr6e", "SYSTEM_DISK", 100, P2, "ap-guangzhou-4", false);
    pub const DB_DATA: Disk = disk("disk-b7m3kd2s", "DATA_DISK", 500, P2, "ap-guangzhou-4", true);
    pub const LOGS_DATA: Disk = disk("disk-r2v8yj5n", "DATA_DISK", 200, P0, "ap-guangzhou-3", false);
    pub const ARCHIVE_DATA: Disk = disk("disk-c6p1xw4h", "DATA_DISK", 1000, P2, "ap-guangzhou-6", false);
    pub const REDIS_DATA: Disk = disk("disk-t3n5ug8f", "DATA_DISK", 100, P0, "ap-guangzhou-3", false);
}

use disks::*;

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// (id, disk, name, state, percent, seconds before start)
type Row = (
    &'static str,
    &'static Disk,
    &'static str,
    &'static str,
    u64,
    i64,
);

#[rustfmt::skip]
const ROWS: [Row; 28] = [
    ("snap-k3x9q2mb", &DB_DATA, "订单库 升级前", "CREATING", 37, 3 * MINUTE),
    ("snap-v8n2c5tw", &ARCHIVE_DATA, "归档盘 月度快照", "CREATING", 82, 11 * MINUTE),
    ("snap-h4d7s1pe", &WEB01_SYS, "web-01 系统盘 每日备份", "NORMAL", 100, 47 * MINUTE),
    ("snap-a9f3g6ur", &WEB02_SYS, "web-02 系统盘 每日备份", "NORMAL", 100, 52 * MINUTE),
    ("snap-m2j8w4lx", &LOGS_DATA, "nginx-logs-daily", "NORMAL", 100, 2 * HOUR + 5 * MINUTE),
    ("snap-z7b1e9qk", &DB_SYS, "db-master before kernel upgrade", "ROLLBACKING", 100, 5 * HOUR + 20 * MINUTE),
    ("snap-p5r6t2yn", &DB_DATA, "订单库 每日备份", "NORMAL", 100, DAY + 40 * MINUTE),
    ("snap-g6c2n9hs", &WEB01_SYS, "web-01 系统盘 每日备份", "NORMAL", 100, DAY + 47 * MINUTE),
    ("snap-u3y7d5ma", &WEB02_SYS, "web-02 系统盘 每日备份", "NORMAL", 100, DAY + 52 * MINUTE),
    ("snap-w9k4r1fz", &LOGS_DATA, "nginx-logs-daily", "NORMAL", 100, DAY + 2 * HOUR + 5 * MINUTE),
    ("snap-e1w4k8vd", &REDIS_DATA, "redis-cache-weekly", "NORMAL", 100, DAY + 3 * HOUR),
    ("snap-b2t8x6qj", &DB_DATA, "订单库 每日备份", "NORMAL", 100, 2 * DAY + 40 * MINUTE),
    ("snap-n7s3h1wc", &WEB01_SYS, "web-01 系统盘 每日备份", "NORMAL", 100, 2 * DAY + 47 * MINUTE),
    ("snap-f4m9p2ke", &DB_SYS, "数据库主机 系统盘 变更前", "NORMAL", 100, 3 * DAY + 6 * HOUR),
    ("snap-y1q6v8ld", &ARCHIVE_DATA, "archive-before-cleanup", "NORMAL", 100, 4 * DAY + 9 * HOUR),
    ("snap-c8e2j7ub", &REDIS_DATA, "redis 扩容前", "NORMAL", 100, 6 * DAY + 2 * HOUR),
    ("snap-r5a1k3xn", &LOGS_DATA, "日志盘 周备份", "NORMAL", 100, 7 * DAY + HOUR),
    ("snap-j2w7t9gv", &DB_DATA, "订单库 周备份", "NORMAL", 100, 7 * DAY + 3 * HOUR),
    ("snap-s6d4m8pr", &WEB02_SYS, "web-02 before nginx 1.24", "NORMAL", 100, 9 * DAY + 5 * HOUR),
    ("snap-x3h9b5ct", &REDIS_DATA, "redis-cache-weekly", "NORMAL", 100, 13 * DAY + 3 * HOUR),
    ("snap-l8n1f6ys", &DB_DATA, "订单库 周备份", "NORMAL", 100, 14 * DAY + 3 * HOUR),
    ("snap-q4u7e2wa", &WEB01_SYS, "web-01 baseline image", "NORMAL", 100, 21 * DAY),
    ("snap-d9r3y5hm", &ARCHIVE_DATA, "归档盘 月度快照", "NORMAL", 100, 30 * DAY + 4 * HOUR),
    ("snap-t1g8c4zk", &DB_SYS, "db-master baseline", "NORMAL", 100, 33 * DAY),
    ("snap-i6v2s9nb", &LOGS_DATA, "日志盘 月度归档", "NORMAL", 100, 41 * DAY + 8 * HOUR),
    ("snap-o5k7w3jd", &DB_DATA, "订单库 月度备份", "NORMAL", 100, 45 * DAY + 2 * HOUR),
    ("snap-h8p2x6re", &ARCHIVE_DATA, "归档盘 月度快照", "NORMAL", 100, 61 * DAY + 4 * HOUR),
    ("snap-w3m5a1qf", &WEB02_SYS, "上线前 全量快照", "NORMAL", 100, 87 * DAY + 6 * HOUR),
];

/// The demo snapshots as they stand `now_micros` (Unix microseconds) at the emulator's start.
pub fn demo_records(now_micros: i64) -> Vec<Record> {
    ROWS.iter()
        .map(|(id, disk, name, state, percent, ago)| {
            let created_micros = now_micros - ago * 1_000_000;
            Record::fixed(
                created_micros,
                SnapshotV3 {
                    snapshot_id: (*id).to_owned(),
                    disk_id: disk.id.to_owned(),
                    snapshot_name: (*name).to_owned(),
                    snapshot_state: (*state).to_owned(),
                    percent: *percent,
                    disk_size: disk.size,
                    create_time: super::store::beijing_time(created_micros),
                    disk_usage: disk.usage.to_owned(),
                    placement: Placement {
                        project_id: disk.project.to_owned(),
                        zone: disk.zone.to_owned(),
                    },
                    encrypt: disk.encrypt,
                    is_permanent: true,
                    deadline_time: None,
                },
            )
        })
        .collect()
}

/// (disk, name, the instance it is attached to or "")
#[rustfmt::skip]
const DISK_ROWS: [(&Disk, &str, &str); 7] = [
    (&WEB01_SYS, "web-01 系统盘", "ins-web01aa"),
    (&WEB02_SYS, "web-02 系统盘", "ins-web02bb"),
    (&DB_SYS, "db-master system", "ins-dbmst01"),
    (&DB_DATA, "订单库 数据盘", "ins-dbmst01"),
    (&LOGS_DATA, "nginx-logs", "ins-web01aa"),
    (&ARCHIVE_DATA, "归档盘", ""),
    (&REDIS_DATA, "redis-cache", ""),
];

/// The demo's disks (always there, so an empty tenant has something to snapshot), created
/// long before `now_micros`.
pub fn demo_disks(now_micros: i64) -> Vec<DiskV3> {
    DISK_ROWS
        .iter()
        .map(|(disk, name, instance)| DiskV3 {
            disk_id: disk.id.to_owned(),
            disk_name: (*name).to_owned(),
            disk_state: if instance.is_empty() {
                "UNATTACHED"
            } else {
                "ATTACHED"
            }
            .to_owned(),
            disk_usage: disk.usage.to_owned(),
            disk_size: disk.size,
            disk_type: "CLOUD_PREMIUM".to_owned(),
            attached: !instance.is_empty(),
            instance_id: (*instance).to_owned(),
            snapshot_ability: true,
            rollbacking: false,
            rollback_percent: 0,
            placement: Placement {
                project_id: disk.project.to_owned(),
                zone: disk.zone.to_owned(),
            },
            encrypt: disk.encrypt,
            create_time: super::store::beijing_time(now_micros - 120 * DAY * 1_000_000),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn ids_look_like_tencent_ids_and_are_unique() {
        let records = demo_records(1_700_000_000_000_000);
        let ids: BTreeSet<&str> = records
            .iter()
            .map(|r| r.snapshot.snapshot_id.as_str())
            .collect();
        assert_eq!(ids.len(), records.len());
        let shaped = |id: &str, prefix: &str| {
            id.strip_prefix(prefix).is_some_and(|rest| {
                rest.len() == 8
                    && rest
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
        };
        for record in &records {
            assert!(shaped(&record.snapshot.snapshot_id, "snap-"));
            assert!(shaped(&record.snapshot.disk_id, "disk-"));
        }
    }

    #[test]
    fn covers_what_the_console_filters_on() {
        let records = demo_records(1_700_000_000_000_000);
        assert!(records.len() >= 25);
        let count = |pred: &dyn Fn(&SnapshotV3) -> bool| {
            records.iter().filter(|r| pred(&r.snapshot)).count()
        };
        assert!(count(&|s| s.disk_usage == "SYSTEM_DISK") >= 5);
        assert!(count(&|s| s.disk_usage == "DATA_DISK") >= 5);
        assert!(count(&|s| s.placement.project_id == SECOND_PROJECT) >= 5);
        assert!(count(&|s| s.placement.project_id == "0") >= 5);
        assert_eq!(
            count(&|s| s.snapshot_state == "CREATING" && s.percent < 100),
            2
        );
        assert_eq!(count(&|s| s.snapshot_state == "ROLLBACKING"), 1);
        assert!(count(&|s| s.snapshot_name.is_ascii()) >= 5);
        assert!(count(&|s| !s.snapshot_name.is_ascii()) >= 5);
        let disks: BTreeSet<&str> = records
            .iter()
            .map(|r| r.snapshot.disk_id.as_str())
            .collect();
        assert_eq!(disks.len(), 7);
        // Listed newest first already, so the table reads like the console.
        assert!(records
            .windows(2)
            .all(|pair| pair[0].created_micros > pair[1].created_micros));
    }
}
