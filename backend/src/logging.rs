//! The process's log, set up in one place for `snapdeck` and for the bench that measures what it
//! serves: one line per event at the filter's levels, the request's spans as context.

use std::ffi::OsStr;
use std::io::IsTerminal;

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// The levels when `RUST_LOG` says nothing.
pub const DEFAULT_FILTER: &str = "info,tower_http=warn,hyper=warn";

/// Installs the log: `filter`'s levels, written to `writer`, in colour only when `ansi`.
pub fn init<W>(filter: EnvFilter, writer: W, ansi: bool)
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(ansi)
        .init();
}

/// Whether the log on stdout is written in colour ([`wants_colour`]).
pub fn stdout_wants_colour() -> bool {
    wants_colour(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    )
}

/// Colour for a person at a terminal, unless `NO_COLOR` is set (<https://no-color.org>); a file,
/// a pipe or a log collector would keep the escape codes as text (and writing them is a tenth
/// of a line's cost).
pub fn wants_colour(terminal: bool, no_color: Option<&OsStr>) -> bool {
    terminal && no_color.is_none_or(OsStr::is_empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_for_a_terminal_that_did_not_refuse_it() {
        assert!(wants_colour(true, None));
        assert!(wants_colour(true, Some(OsStr::new(""))));
        assert!(!wants_colour(true, Some(OsStr::new("1"))));
        assert!(!wants_colour(false, None));
    }
}
