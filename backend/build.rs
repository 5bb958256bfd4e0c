//! Embeds the built console in the binary when asked: `SNAPDECK_EMBED_DIST=DIR` (an absolute
//! path, or one relative to the workspace) names trunk's dist/ folder, and every file in it is
//! compiled in with `include_bytes!` (`scripts/build-release` sets it). Without the variable,
//! or when the folder is absent, the binary holds no console and says so at start-up; tests
//! and debug builds stay small and never rebuild because the frontend did.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=SNAPDECK_EMBED_DIST");
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    if let Some(dir) = std::env::var_os("SNAPDECK_EMBED_DIST").filter(|dir| !dir.is_empty()) {
        let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
        let dir = manifest.join("..").join(dir);
        if dir.join("index.html").is_file() {
            println!("cargo:rerun-if-changed={}", dir.display());
            collect(&dir, &dir, &mut files);
        } else {
            println!(
                "cargo:warning=SNAPDECK_EMBED_DIST={} holds no index.html: the console is not embedded",
                dir.display()
            );
        }
    }
    files.sort();
    let mut code = String::from(
        "/// Every file of the embedded dist/, by path relative to it, sorted by path.\n\
         pub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (name, path) in &files {
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    if let Err(error) = std::fs::write(out.join("embedded_dist.rs"), code) {
        println!("cargo:warning=cannot write the embedded file list: {error}");
    }
}

/// Every regular file under `dir`, named by its `/`-separated path below `root`. Symbolic
/// links are skipped: the server never follows one out of dist/, so neither does the build.
fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(root, &path, files);
        } else if kind.is_file() {
            if let (Ok(relative), Ok(absolute)) = (path.strip_prefix(root), path.canonicalize()) {
                let name = relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push((name, absolute));
            }
        }
    }
}
