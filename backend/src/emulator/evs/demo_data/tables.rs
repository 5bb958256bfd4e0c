//! The demo's catalogue: a small web shop (two web servers, a MySQL server, a Redis cache) and
//! two detached disks, with the snapshots a team would have taken of them.

pub(super) struct DemoVolume {
    pub id: &'static str,
    pub name: &'static str,
    pub size: u64,
    pub volume_type: &'static str,
    /// Server id and device, when attached.
    pub attached: Option<(&'static str, &'static str)>,
    pub bootable: bool,
    pub age_days: i64,
}

const WEB_01: &str = "3a1c9d0e-6b7f-4c2a-9e51-0d8f2b7c4a11";
const WEB_02: &str = "7e2b4f6a-1c3d-4e5f-8a9b-2c4d6e8f0a22";
const DB_01: &str = "c5d7e9f1-2a4b-4c6d-8e0f-1a3b5c7d9e33";
const CACHE_01: &str = "9f8e7d6c-5b4a-4321-8fed-cba987654344";

pub(super) const VOLUMES: [DemoVolume; 8] = [
    DemoVolume {
        id: "0b6c1f4e-8d2a-4f7b-9c3e-5a1d7e9b2c01",
        name: "ecs-web-01-sys",
        size: 40,
        volume_type: "GPSSD",
        attached: Some((WEB_01, "/dev/vda")),
        bootable: true,
        age_days: 210,
    },
    DemoVolume {
        id: "1c7d2a5f-9e3b-4a8c-8d4f-6b2e8f0c3d02",
        name: "ecs-web-01-data",
        size: 100,
        volume_type: "SSD",
        attached: Some((WEB_01, "/dev/vdb")),
        bootable: false,
        age_days: 210,
    },
    DemoVolume {
        id: "2d8e3b6a-0f4c-4b9d-9e5a-7c3f9a1d4e03",
        name: "ecs-web-02-sys",
        size: 40,
        volume_type: "GPSSD",
        attached: Some((WEB_02, "/dev/vda")),
        bootable: true,
        age_days: 185,
    },
    DemoVolume {
        id: "3e9f4c7b-1a5d-4cae-8f6b-8d4a0b2e5f04",
        name: "ecs-db-01-sys",
        size: 40,
        volume_type: "GPSSD",
        attached: Some((DB_01, "/dev/vda")),
        bootable: true,
        age_days: 240,
    },
    DemoVolume {
        id: "4fa05d8c-2b6e-4dbf-9a7c-9e5b1c3f6a05",
        name: "mysql-data",
        size: 500,
        volume_type: "ESSD",
        attached: Some((DB_01, "/dev/vdb")),
        bootable: false,
        age_days: 240,
    },
    DemoVolume {
        id: "5ab16e9d-3c7f-4ec0-8b8d-0f6c2d4a7b06",
        name: "redis-cache-data",
        size: 64,
        volume_type: "SSD",
        attached: Some((CACHE_01, "/dev/vdb")),
        bootable: false,
        age_days: 160,
    },
    DemoVolume {
        id: "6bc27fae-4d80-4fd1-9c9e-1a7d3e5b8c07",
        name: "日志归档盘",
        size: 200,
        volume_type: "SATA",
        attached: None,
        bootable: false,
        age_days: 300,
    },
    DemoVolume {
        id: "7cd380bf-5e91-40e2-8daf-2b8e4f6c9d08",
        name: "backup-staging",
        size: 300,
        volume_type: "SAS",
        attached: None,
        bootable: false,
        age_days: 95,
    },
];

// Indexes into VOLUMES, for the table below.
const WEB01_SYS: usize = 0;
const WEB01_DATA: usize = 1;
const WEB02_SYS: usize = 2;
const DB01_SYS: usize = 3;
const MYSQL: usize = 4;
const REDIS: usize = 5;
const LOGS: usize = 6;
const STAGING: usize = 7;

pub(super) enum Demo {
    Available,
    Error,
    /// Started `elapsed` seconds before start-up, done `remaining` seconds after it.
    Creating {
        elapsed: i64,
        remaining: i64,
    },
}

pub(super) struct DemoSnapshot {
    pub volume: usize,
    pub name: &'static str,
    pub description: Option<&'static str>,
    /// Age at start-up: days, hours, minutes. Equal ages give equal creation times.
    pub age: (i64, i64, i64),
    pub state: Demo,
    pub metadata: &'static [(&'static str, &'static str)],
    /// Minutes after creation of the last update; `None` leaves `updated_at` null.
    pub updated_after: Option<i64>,
}

const fn snap(
    volume: usize,
    name: &'static str,
    description: Option<&'static str>,
    age: (i64, i64, i64),
    state: Demo,
) -> DemoSnapshot {
    DemoSnapshot {
        volume,
        name,
        description,
        age,
        state,
        metadata: &[],
        updated_after: Some(3),
    }
}

const PRE_PATCH: Option<&str> = Some("Before monthly OS patching");
const DAILY_DB: Option<&str> = Some("MySQL 每日快照（凌晨 2 点）");
const DB_META: &[(&str, &str)] = &[("db", "mysql"), ("retention", "7d")];

pub(super) fn snapshots() -> Vec<DemoSnapshot> {
    use Demo::{Available, Creating, Error};
    vec![
        snap(
            WEB01_SYS,
            "ecs-web-01-sys-pre-patch",
            PRE_PATCH,
            (120, 3, 10),
            Available,
        ),
        snap(
            WEB01_SYS,
            "ecs-web-01-sys-pre-patch",
            PRE_PATCH,
            (90, 3, 10),
            Available,
        ),
        snap(
            WEB01_SYS,
            "ecs-web-01-sys-pre-patch",
            PRE_PATCH,
            (60, 3, 10),
            Available,
        ),
        snap(
            WEB01_SYS,
            "ecs-web-01-sys-pre-patch",
            PRE_PATCH,
            (30, 3, 10),
            Error,
        ),
        DemoSnapshot {
            metadata: &[("__system__enableActive", "true")],
            updated_after: None,
            ..snap(
                WEB01_SYS,
                "autobk_snapshot_vbs_5f0e3c1a-7d2b-4e8f-9a6c-3b1d5e7f9a2c",
                None,
                (2, 1, 0),
                Available,
            )
        },
        DemoSnapshot {
            metadata: &[("env", "prod"), ("owner", "web-team")],
            ..snap(
                WEB01_DATA,
                "web-static-assets",
                Some("Uploads and static assets"),
                (150, 14, 42),
                Available,
            )
        },
        snap(WEB01_DATA, "web-static-assets", None, (75, 9, 5), Available),
        DemoSnapshot {
            updated_after: Some(2 * 24 * 60),
            ..snap(
                WEB01_DATA,
                "web-data-before-migration",
                Some("Before moving uploads to OBS"),
                (40, 16, 20),
                Available,
            )
        },
        snap(WEB01_DATA, "web-data-nightly", None, (1, 0, 30), Available),
        snap(
            WEB01_DATA,
            "web-data-nightly",
            None,
            (0, 0, 0),
            Creating {
                elapsed: 20,
                remaining: 100,
            },
        ),
        DemoSnapshot {
            metadata: &[("purpose", "golden-image")],
            ..snap(
                WEB02_SYS,
                "ecs-web-02-sys-golden",
                Some("Golden image candidate"),
                (170, 11, 2),
                Available,
            )
        },
        // Taken by the same patch run as web-01's: the same creation time.
        snap(
            WEB02_SYS,
            "ecs-web-02-sys-pre-patch",
            PRE_PATCH,
            (90, 3, 10),
            Available,
        ),
        snap(
            WEB02_SYS,
            "ecs-web-02-sys-pre-patch",
            PRE_PATCH,
            (60, 3, 10),
            Error,
        ),
        snap(
            WEB02_SYS,
            "Sauvegarde système — été",
            Some("Copie avant la mise à jour de l'été"),
            (100, 18, 45),
            Available,
        ),
        DemoSnapshot {
            updated_after: None,
            ..snap(
                DB01_SYS,
                "ecs-db-01-sys-baseline",
                None,
                (230, 10, 0),
                Available,
            )
        },
        snap(
            DB01_SYS,
            "ecs-db-01-sys-pre-patch",
            PRE_PATCH,
            (90, 3, 10),
            Available,
        ),
        snap(
            DB01_SYS,
            "ecs-db-01-sys-pre-patch",
            PRE_PATCH,
            (30, 3, 10),
            Available,
        ),
        DemoSnapshot {
            metadata: DB_META,
            ..snap(MYSQL, "数据库每日备份", DAILY_DB, (7, 18, 0), Available)
        },
        DemoSnapshot {
            metadata: DB_META,
            ..snap(MYSQL, "数据库每日备份", DAILY_DB, (6, 18, 0), Available)
        },
        DemoSnapshot {
            metadata: DB_META,
            ..snap(MYSQL, "数据库每日备份", DAILY_DB, (5, 18, 0), Available)
        },
        DemoSnapshot {
            metadata: DB_META,
            ..snap(MYSQL, "数据库每日备份", DAILY_DB, (4, 18, 0), Error)
        },
        DemoSnapshot {
            metadata: DB_META,
            ..snap(MYSQL, "数据库每日备份", None, (3, 18, 0), Available)
        },
        DemoSnapshot {
            metadata: DB_META,
            ..snap(MYSQL, "数据库每日备份", None, (2, 18, 0), Available)
        },
        DemoSnapshot {
            metadata: DB_META,
            ..snap(MYSQL, "数据库每日备份", DAILY_DB, (1, 18, 0), Available)
        },
        DemoSnapshot {
            metadata: DB_META,
            ..snap(
                MYSQL,
                "数据库每日备份",
                DAILY_DB,
                (0, 0, 1),
                Creating {
                    elapsed: 45,
                    remaining: 75,
                },
            )
        },
        snap(
            MYSQL,
            "mysql-data 升级前",
            Some("升级 MySQL 8.0 之前的完整快照"),
            (45, 22, 15),
            Available,
        ),
        DemoSnapshot {
            updated_after: None,
            ..snap(MYSQL, "mysql-data-monthly", None, (150, 2, 0), Available)
        },
        snap(MYSQL, "mysql-data-monthly", None, (120, 2, 0), Available),
        snap(
            MYSQL,
            "mysql-data-monthly",
            Some("Monthly full copy"),
            (90, 2, 0),
            Available,
        ),
        snap(
            REDIS,
            "redis-rdb-before-resharding",
            Some("Antes de la redistribución del caché"),
            (20, 13, 37),
            Available,
        ),
        snap(REDIS, "redis-cache-weekly", None, (14, 4, 0), Available),
        snap(REDIS, "redis-cache-weekly", None, (7, 4, 0), Available),
        DemoSnapshot {
            updated_after: None,
            ..snap(
                LOGS,
                "日志归档-季度",
                Some("Archived nginx and app logs"),
                (180, 20, 0),
                Available,
            )
        },
        snap(LOGS, "日志归档-季度", None, (90, 20, 0), Available),
        snap(
            LOGS,
            "日志归档-迁移",
            Some("迁移到 OBS 前"),
            (10, 8, 12),
            Error,
        ),
        DemoSnapshot {
            updated_after: None,
            ..snap(STAGING, "staging-seed", None, (80, 15, 30), Available)
        },
        snap(
            STAGING,
            "staging-refresh",
            Some("Refreshed from the production dump"),
            (3, 9, 50),
            Available,
        ),
    ]
}
