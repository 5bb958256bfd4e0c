//! The team portal's worded values: roles, outcomes, the sign-in wait.

use shared::portal::{Outcome, Role};

use super::{Key, Lang};

pub fn role_key(role: Role) -> Key {
    match role {
        Role::Viewer => Key::RoleViewer,
        Role::Operator => Key::RoleOperator,
        Role::Admin => Key::RoleAdmin,
    }
}

pub fn outcome_key(outcome: Outcome) -> Key {
    match outcome {
        Outcome::Ok => Key::OutcomeOk,
        Outcome::Refused => Key::OutcomeRefused,
        Outcome::Failed => Key::OutcomeFailed,
    }
}

impl Lang {
    /// After too many failed sign-ins.
    pub fn retry_after(self, secs: u64) -> String {
        match self {
            Lang::En if secs == 1 => "Try again in 1 second.".to_owned(),
            Lang::En => format!("Try again in {secs} seconds."),
            Lang::Zh => format!("请在 {secs} 秒后重试。"),
        }
    }

    /// The revoke button of one token, named so a screen reader tells them apart.
    pub fn revoke_token(self, name: &str) -> String {
        match self {
            Lang::En => format!("Revoke {name}"),
            Lang::Zh => format!("吊销 {name}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_outcomes_and_waits_in_both_languages() {
        assert_eq!(Lang::Zh.text(role_key(Role::Operator)), "操作员");
        assert_eq!(Lang::En.text(outcome_key(Outcome::Refused)), "refused");
        assert_eq!(Lang::En.retry_after(30), "Try again in 30 seconds.");
        assert_eq!(Lang::Zh.retry_after(30), "请在 30 秒后重试。");
        assert_eq!(Lang::En.revoke_token("ci"), "Revoke ci");
    }
}
