//! The typed parameters of the console's routes (`/accounts/:account/snapshots/:id`), read with
//! `leptos_router`'s `use_params`. The router leaves them text; the snapshot id is checked here,
//! once, before it goes into a request.

use leptos::Params;
use leptos_router::params::Params;
use shared::validate::FieldError;
use shared::SnapshotId;

/// `:account` of `/accounts/:account/…`. The name is looked up in the configured accounts,
/// which are typed already, so a name no account has is an unknown account, not a bad link.
#[derive(Debug, Clone, PartialEq, Eq, Params)]
pub struct AccountParams {
    pub account: Option<String>,
}

impl AccountParams {
    /// The name as the URL has it; empty where the route has none.
    pub fn name(&self) -> String {
        self.account.clone().unwrap_or_default()
    }
}

/// `:id` of `/accounts/:account/snapshots/:id` and its `/edit`.
#[derive(Debug, Clone, PartialEq, Eq, Params)]
pub struct SnapshotParams {
    pub id: Option<String>,
}

impl SnapshotParams {
    /// The id, checked: one that could not be sent names no snapshot.
    pub fn snapshot_id(&self) -> Result<SnapshotId, FieldError> {
        SnapshotId::parse(self.id.as_deref().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use leptos_router::params::ParamsMap;
    use shared::validate::Field;

    use super::*;

    #[test]
    fn the_account_is_read_as_the_url_has_it() {
        let named = |name: &str| AccountParams {
            account: Some(name.to_owned()),
        };
        assert_eq!(named("evs-demo").name(), "evs-demo");
        // An unknown name is the account list's to judge, so it is not refused here.
        assert_eq!(named("Nobody").name(), "Nobody");
        let none = AccountParams::from_map(&ParamsMap::new()).unwrap();
        assert_eq!(none.name(), "");
    }

    #[test]
    fn the_snapshot_id_is_checked_once() {
        let id = |id: &str| SnapshotParams {
            id: Some(id.to_owned()),
        };
        assert_eq!(
            id("snap-k3x9q2mb").snapshot_id().unwrap().as_str(),
            "snap-k3x9q2mb"
        );
        // The router hands the id over decoded: `a%20b` arrives as `a b`.
        for bad in ["a b", "../x", ""] {
            assert_eq!(id(bad).snapshot_id().unwrap_err().field, Field::SnapshotId);
        }
        let missing = SnapshotParams::from_map(&ParamsMap::new()).unwrap();
        assert_eq!(missing.snapshot_id().unwrap_err().field, Field::SnapshotId);
    }
}
