//! English and Simplified Chinese. Pure lookups here; the reactive language choice lives in
//! [`crate::components::i18n`].

mod lifecycle;
mod portal;
mod problems;
mod texts;

use shared::api::{DiskUsage, Provider};
use shared::snapshot::SnapshotStatus;
use shared::time::Age;

pub use portal::{outcome_key, role_key};
pub use problems::field_error;
pub use texts::Key;

/// The words for a disk usage (CBS's `SYSTEM_DISK`, `DATA_DISK`).
pub fn disk_usage_key(usage: DiskUsage) -> Key {
    match usage {
        DiskUsage::SystemDisk => Key::SystemDisk,
        DiskUsage::DataDisk => Key::DataDisk,
    }
}

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The BCP 47 tag, for `<html lang>` and for storage.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Reads a stored tag; anything unknown is English (the default), never an error.
    pub fn from_tag(tag: &str) -> Self {
        if tag.eq_ignore_ascii_case("zh-CN") || tag.eq_ignore_ascii_case("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    pub fn other(self) -> Self {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    pub fn text(self, key: Key) -> &'static str {
        match self {
            Lang::En => key.en(),
            Lang::Zh => key.zh(),
        }
    }

    pub fn page_number(self, page: u64) -> String {
        match self {
            Lang::En => format!("Page {page}"),
            Lang::Zh => format!("第 {page} 页"),
        }
    }

    pub fn page_of(self, page: u64, pages: u64) -> String {
        match self {
            Lang::En => format!("Page {page} of {pages}"),
            Lang::Zh => format!("第 {page} 页，共 {pages} 页"),
        }
    }

    pub fn go_to_page(self, page: u64) -> String {
        match self {
            Lang::En => format!("Go to page {page}"),
            Lang::Zh => format!("转到第 {page} 页"),
        }
    }

    pub fn total_count(self, total: u64) -> String {
        match self {
            Lang::En if total == 1 => "1 snapshot".to_owned(),
            Lang::En => format!("{total} snapshots"),
            Lang::Zh => format!("共 {total} 个快照"),
        }
    }

    pub fn rows_on_page(self, rows: usize) -> String {
        match self {
            Lang::En if rows == 1 => "1 snapshot on this page".to_owned(),
            Lang::En => format!("{rows} snapshots on this page"),
            Lang::Zh => format!("本页 {rows} 个快照"),
        }
    }

    /// `12 / 255 bytes`.
    pub fn byte_counter(self, used: usize, max: usize) -> String {
        match self {
            Lang::En => format!("{used} / {max} bytes"),
            Lang::Zh => format!("{used} / {max} 字节"),
        }
    }

    pub fn size_gb(self, size: u64) -> String {
        format!("{size} GB")
    }

    pub fn copy_id_of(self, id: &str) -> String {
        match self {
            Lang::En => format!("Copy ID {id}"),
            Lang::Zh => format!("复制 ID {id}"),
        }
    }

    pub fn remove_row(self, row: usize) -> String {
        match self {
            Lang::En => format!("Remove metadata row {row}"),
            Lang::Zh => format!("删除第 {row} 行元数据"),
        }
    }

    pub fn key_of_row(self, row: usize) -> String {
        match self {
            Lang::En => format!("Key {row}"),
            Lang::Zh => format!("键 {row}"),
        }
    }

    pub fn value_of_row(self, row: usize) -> String {
        match self {
            Lang::En => format!("Value {row}"),
            Lang::Zh => format!("值 {row}"),
        }
    }

    pub fn unknown_account(self, name: &str) -> String {
        match self {
            Lang::En => format!("There is no account named “{name}”."),
            Lang::Zh => format!("没有名为“{name}”的账号。"),
        }
    }

    pub fn status(self, status: &SnapshotStatus) -> String {
        let (en, zh) = match status {
            SnapshotStatus::Available => ("Available", "可用"),
            SnapshotStatus::Creating => ("Creating", "创建中"),
            SnapshotStatus::Error => ("Error", "错误"),
            SnapshotStatus::Deleting => ("Deleting", "删除中"),
            SnapshotStatus::ErrorDeleting => ("Error deleting", "删除失败"),
            SnapshotStatus::Rollbacking => ("Rolling back", "回滚中"),
            SnapshotStatus::BackingUp => ("Backing up", "备份中"),
            SnapshotStatus::Other(text) => return text.clone(),
        };
        match self {
            Lang::En => en.to_owned(),
            Lang::Zh => zh.to_owned(),
        }
    }

    pub fn age(self, age: Age) -> String {
        match self {
            Lang::En => age.english(),
            Lang::Zh => match age {
                Age::JustNow => "刚刚".to_owned(),
                Age::InFuture => "时间晚于本机时钟".to_owned(),
                Age::Minutes(n) => format!("{n} 分钟前"),
                Age::Hours(n) => format!("{n} 小时前"),
                Age::Days(n) => format!("{n} 天前"),
                Age::Months(n) => format!("{n} 个月前"),
                Age::Years(n) => format!("{n} 年前"),
            },
        }
    }

    pub fn provider(self, provider: Provider) -> &'static str {
        match (self, provider) {
            (Lang::En, provider) => provider.display_name(),
            (Lang::Zh, Provider::Evs) => "华为云 EVS",
            (Lang::Zh, Provider::Cbs) => "腾讯云 CBS",
        }
    }

    /// The browser tab's title: `page · account · Snapdeck`.
    pub fn title(self, page: &str, account: &str) -> String {
        if account.is_empty() {
            format!("{page} · Snapdeck")
        } else {
            format!("{page} · {account} · Snapdeck")
        }
    }

    /// The tab's title of a page about one snapshot: `page · snapshot · account · Snapdeck`.
    pub fn snapshot_title(self, page: &str, snapshot: &str, account: &str) -> String {
        self.title(&format!("{page} · {snapshot}"), account)
    }

    /// Said by the live region when a followed snapshot changes status.
    pub fn status_changed(self, name: &str, status: &str) -> String {
        match self {
            Lang::En => format!("“{name}” is now {status}."),
            Lang::Zh => format!("快照“{name}”现在的状态：{status}。"),
        }
    }

    /// Said by the live region when a followed snapshot is gone.
    pub fn snapshot_gone(self, name: &str) -> String {
        match self {
            Lang::En => format!("“{name}” no longer exists."),
            Lang::Zh => format!("快照“{name}”已不存在。"),
        }
    }

    pub fn boolean(self, value: bool) -> &'static str {
        self.text(if value { Key::Yes } else { Key::No })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_default_to_english() {
        for lang in [Lang::En, Lang::Zh] {
            assert_eq!(Lang::from_tag(lang.tag()), lang);
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_tag("fr"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
        assert_eq!(Lang::default(), Lang::En);
    }

    #[test]
    fn worded_in_both_languages() {
        assert_eq!(Lang::En.page_number(3), "Page 3");
        assert_eq!(Lang::Zh.page_number(3), "第 3 页");
        assert_eq!(Lang::En.byte_counter(12, 255), "12 / 255 bytes");
        assert_eq!(Lang::Zh.byte_counter(12, 255), "12 / 255 字节");
        assert_eq!(Lang::En.total_count(1), "1 snapshot");
        assert_eq!(Lang::En.age(Age::Days(3)), "3 days ago");
        assert_eq!(Lang::Zh.age(Age::Days(3)), "3 天前");
        assert_eq!(Lang::Zh.status(&SnapshotStatus::Creating), "创建中");
        assert_eq!(
            Lang::Zh.status(&SnapshotStatus::Other("migrating".into())),
            "migrating"
        );
        assert_eq!(Lang::Zh.text(Key::Next), "下一页");
        assert_eq!(Lang::Zh.provider(Provider::Cbs), "腾讯云 CBS");
        assert_eq!(Lang::En.provider(Provider::Evs), "Huawei Cloud EVS");
        assert_eq!(
            Lang::En.title("Snapshots", "demo"),
            "Snapshots · demo · Snapdeck"
        );
        assert_eq!(Lang::Zh.text(disk_usage_key(DiskUsage::DataDisk)), "数据盘");
    }

    #[test]
    fn titles_name_the_page_the_snapshot_and_the_account() {
        assert_eq!(Lang::En.title("Sign in", ""), "Sign in · Snapdeck");
        assert_eq!(
            Lang::En.snapshot_title("Edit snapshot", "db-nightly", "demo"),
            "Edit snapshot · db-nightly · demo · Snapdeck"
        );
        assert_eq!(
            Lang::Zh.snapshot_title("编辑快照", "db", "demo"),
            "编辑快照 · db · demo · Snapdeck"
        );
    }
}
