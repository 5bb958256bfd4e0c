//! The sentences of deleting and rolling back that name a snapshot, a volume or a count.

use shared::lifecycle::{refusal_codes, Refusal};

use super::Lang;

impl Lang {
    pub fn deleted_notice(self, name: &str, id: &str) -> String {
        match self {
            Lang::En => format!("Snapshot “{name}” ({id}) was deleted."),
            Lang::Zh => format!("快照“{name}”（{id}）已删除。"),
        }
    }

    pub fn delete_title(self, name: &str) -> String {
        match self {
            Lang::En => format!("Delete snapshot “{name}”?"),
            Lang::Zh => format!("删除快照“{name}”？"),
        }
    }

    pub fn delete_body(self, name: &str, id: &str) -> String {
        match self {
            Lang::En => format!("The snapshot “{name}” (ID {id}) will be deleted."),
            Lang::Zh => format!("将删除快照“{name}”（ID {id}）。"),
        }
    }

    pub fn rollback_title(self, volume: &str) -> String {
        match self {
            Lang::En => format!("Roll back volume “{volume}”?"),
            Lang::Zh => format!("回滚云硬盘“{volume}”？"),
        }
    }

    pub fn rollback_body(self, volume: &str, volume_id: &str, snapshot: &str) -> String {
        match self {
            Lang::En => format!(
                "The data on volume “{volume}” (ID {volume_id}) will be replaced by the data of snapshot “{snapshot}”."
            ),
            Lang::Zh => format!(
                "云硬盘“{volume}”（ID {volume_id}）上的数据将被快照“{snapshot}”中的数据替换。"
            ),
        }
    }

    pub fn type_to_confirm_help(self, name: &str, id: &str) -> String {
        match self {
            Lang::En => format!("Type “{name}” or “{id}”."),
            Lang::Zh => format!("请输入“{name}”或“{id}”。"),
        }
    }

    pub fn volume_restoring(self, volume: &str, percent: Option<u8>) -> String {
        let percent = percent.map(|p| format!(" {p}%")).unwrap_or_default();
        match self {
            Lang::En => format!("Volume “{volume}” is being restored from the snapshot…{percent}"),
            Lang::Zh => format!("云硬盘“{volume}”正在从快照恢复…{percent}"),
        }
    }

    pub fn delete_count(self, count: usize) -> String {
        match self {
            Lang::En if count == 1 => "Delete 1 snapshot".to_owned(),
            Lang::En => format!("Delete {count} snapshots"),
            Lang::Zh => format!("删除 {count} 个快照"),
        }
    }

    pub fn delete_selected_title(self, count: usize) -> String {
        match self {
            Lang::En if count == 1 => "Delete 1 selected snapshot?".to_owned(),
            Lang::En => format!("Delete {count} selected snapshots?"),
            Lang::Zh => format!("删除所选的 {count} 个快照？"),
        }
    }

    pub fn select_row(self, name: &str) -> String {
        match self {
            Lang::En => format!("Select {name}"),
            Lang::Zh => format!("选择 {name}"),
        }
    }

    pub fn group(self, label: &str, count: usize) -> String {
        format!("{label} ({count})")
    }

    /// Why a snapshot cannot be deleted (`rollback` false) or rolled back.
    pub fn refusal(self, refusal: &Refusal, rollback: bool) -> String {
        match self {
            Lang::En => refusal.message(if rollback {
                shared::lifecycle::ROLLED_BACK
            } else {
                shared::lifecycle::DELETED
            }),
            Lang::Zh => {
                let action = if rollback { "回滚" } else { "删除" };
                match refusal {
                    Refusal::WrongStatus { status } => format!(
                        "快照当前状态为 {status}，只有可用{}的快照才能{action}。",
                        if rollback { "" } else { "或出错" }
                    ),
                    Refusal::AutoBackup => {
                        format!("该快照由备份服务创建并管理，不能在此{action}。")
                    }
                    Refusal::WrongVolume { volume_id } => {
                        format!("快照只能回滚到创建它的云硬盘，不能回滚到 {volume_id}。")
                    }
                    Refusal::NotFound => "快照不存在。".to_owned(),
                    Refusal::BlockedByBatch { blocking } => format!(
                        "该云服务按批次整体删除，而 {} 无法删除。",
                        blocking.join("、")
                    ),
                }
            }
        }
    }

    /// A bulk result's reason: the server's English words, or Chinese by its code.
    pub fn bulk_reason(self, code: Option<&str>, message: Option<&str>) -> String {
        let message = message.unwrap_or_default().to_owned();
        if self == Lang::En {
            return message;
        }
        match code {
            Some(refusal_codes::WRONG_STATUS) => {
                format!("快照状态不允许删除（只有可用或出错的快照才能删除）。{message}")
            }
            Some(refusal_codes::AUTO_BACKUP) => {
                "该快照由备份服务创建并管理，不能在此删除。".to_owned()
            }
            Some(refusal_codes::NOT_FOUND) => "快照不存在。".to_owned(),
            Some(refusal_codes::BLOCKED_BY_BATCH) => {
                format!("该云服务按批次整体删除，批次中有快照无法删除。{message}")
            }
            _ => message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_names() {
        assert_eq!(Lang::En.delete_count(1), "Delete 1 snapshot");
        assert_eq!(Lang::En.delete_count(3), "Delete 3 snapshots");
        assert_eq!(Lang::Zh.delete_count(3), "删除 3 个快照");
        assert_eq!(Lang::En.select_row("db"), "Select db");
        let refusal = Refusal::WrongStatus {
            status: "creating".into(),
        };
        assert!(Lang::En.refusal(&refusal, false).contains("creating"));
        assert!(Lang::Zh.refusal(&refusal, true).contains("回滚"));
        assert_eq!(
            Lang::Zh.bulk_reason(Some("not_found"), Some("There is no such snapshot.")),
            "快照不存在。"
        );
    }
}
