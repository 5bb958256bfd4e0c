//! The console built into the binary (`SNAPDECK_EMBED_DIST` at build time, see `build.rs`), so
//! deploying is copying one file. `--dist DIR` still serves a folder instead.

include!(concat!(env!("OUT_DIR"), "/embedded_dist.rs"));

/// The bytes of the embedded file at `path` (relative to dist/, no leading `/`).
pub fn file(path: &str) -> Option<&'static [u8]> {
    FILES
        .binary_search_by(|(name, _)| (*name).cmp(path))
        .ok()
        .map(|index| FILES[index].1)
}

/// The embedded console's page, when there is one.
pub fn index_html() -> Option<&'static str> {
    file("index.html").and_then(|bytes| std::str::from_utf8(bytes).ok())
}

/// Whether this binary carries a console.
pub fn is_embedded() -> bool {
    index_html().is_some()
}

/// How many files are embedded (for the start-up line).
pub fn file_count() -> usize {
    FILES.len()
}
