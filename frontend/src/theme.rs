//! Light or dark: the system's preference (`prefers-color-scheme`) until the user chooses with
//! the top bar's switch; the choice is remembered in this browser. Pure; the reactive state lives
//! in [`crate::components::theme`].

/// A colour theme of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// The value of `<html data-theme>` and of the stored choice.
    pub fn tag(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// A stored choice; anything else is no choice, and the system decides.
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn other(self) -> Self {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    /// The theme shown: the user's choice, else the system's preference.
    pub fn shown(chosen: Option<Theme>, system_prefers_dark: bool) -> Self {
        chosen.unwrap_or(if system_prefers_dark {
            Theme::Dark
        } else {
            Theme::Light
        })
    }

    /// What pressing the switch chooses: the other theme than the one shown.
    pub fn toggled(chosen: Option<Theme>, system_prefers_dark: bool) -> Self {
        Self::shown(chosen, system_prefers_dark).other()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_decides_until_the_user_chooses() {
        assert_eq!(Theme::shown(None, false), Theme::Light);
        assert_eq!(Theme::shown(None, true), Theme::Dark);
        assert_eq!(Theme::shown(Some(Theme::Light), true), Theme::Light);
        assert_eq!(Theme::shown(Some(Theme::Dark), false), Theme::Dark);
    }

    #[test]
    fn the_switch_chooses_the_other_theme_than_the_one_shown() {
        assert_eq!(Theme::toggled(None, true), Theme::Light);
        assert_eq!(Theme::toggled(None, false), Theme::Dark);
        assert_eq!(Theme::toggled(Some(Theme::Dark), false), Theme::Light);
    }

    #[test]
    fn stored_choices_round_trip_and_anything_else_is_none() {
        for theme in [Theme::Light, Theme::Dark] {
            assert_eq!(Theme::from_tag(theme.tag()), Some(theme));
        }
        assert_eq!(Theme::from_tag(""), None);
        assert_eq!(Theme::from_tag("Dark"), None);
        assert_eq!(Theme::from_tag("system"), None);
    }
}
