//! Files are served from `dist/` only: a path that resolves (through a symbolic link, say)
//! outside the folder is answered as if it did not exist.

use std::path::{Component, Path, PathBuf};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

/// Whether the request path names something that resolves outside `root` (which must be
/// canonical). Paths that name nothing are left to the file server (the console's index).
pub fn escapes(root: &Path, uri_path: &str) -> bool {
    let Ok(decoded) = percent_decode_str(uri_path).decode_utf8() else {
        return true;
    };
    let mut candidate = PathBuf::from(root);
    for part in Path::new(decoded.trim_start_matches('/')).components() {
        match part {
            Component::Normal(name) => candidate.push(name),
            Component::CurDir => {}
            _ => return true,
        }
        if candidate.symlink_metadata().is_err() {
            return false;
        }
        match candidate.canonicalize() {
            Ok(real) if real.starts_with(root) => {}
            _ => return true,
        }
    }
    false
}

/// The layer: `root` is the canonical `dist/`.
pub async fn contained(root: PathBuf, request: Request, next: Next) -> Response {
    if escapes(&root, request.uri().path()) {
        tracing::warn!("a path under dist/ resolves outside it; not served");
        return StatusCode::NOT_FOUND.into_response();
    }
    next.run(request).await
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_out_of_the_folder_are_not_followed() {
        let base = std::env::temp_dir().join(format!("snapdeck-dist-{}", uuid::Uuid::new_v4()));
        let dist = base.join("dist");
        std::fs::create_dir_all(dist.join("assets")).unwrap();
        std::fs::write(base.join("secret.toml"), "sk").unwrap();
        std::fs::write(dist.join("index.html"), "<html>").unwrap();
        std::os::unix::fs::symlink(base.join("secret.toml"), dist.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(&base, dist.join("up")).unwrap();
        std::os::unix::fs::symlink(dist.join("index.html"), dist.join("alias.html")).unwrap();
        let root = dist.canonicalize().unwrap();
        assert!(escapes(&root, "/leak.txt"));
        assert!(escapes(&root, "/up/secret.toml"));
        assert!(escapes(&root, "/%2e%2e/secret.toml"));
        assert!(
            !escapes(&root, "/alias.html"),
            "a link inside dist/ is fine"
        );
        assert!(!escapes(&root, "/index.html"));
        assert!(
            !escapes(&root, "/accounts/demo/snapshots"),
            "client routes fall through"
        );
        std::fs::remove_dir_all(&base).unwrap();
    }
}
