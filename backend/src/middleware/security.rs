//! Security headers on every reply: a Content Security Policy that lets only the console's own
//! files run (trunk's inline loader by its hash, the WASM through `'wasm-unsafe-eval'`), no
//! framing, no MIME sniffing, no referrer, an isolated browsing context, and HSTS when the
//! console is published over https.

use axum::extract::{Request, State};
use axum::http::header::{
    HeaderName, HeaderValue, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::AppState;

const CROSS_ORIGIN_OPENER_POLICY: HeaderName =
    HeaderName::from_static("cross-origin-opener-policy");

/// The headers every reply carries, built once at start-up.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
    hsts: bool,
}

impl SecurityHeaders {
    /// `index_html`: the built console's page, whose inline scripts are allowed by hash.
    pub fn new(index_html: Option<&str>, hsts: bool) -> Self {
        let policy = content_security_policy(index_html.unwrap_or_default());
        let csp = HeaderValue::from_str(&policy)
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"));
        Self { csp, hsts }
    }

    pub fn csp(&self) -> &HeaderValue {
        &self.csp
    }
}

/// The policy: only the console's own origin, plus trunk's inline module loader by hash.
pub fn content_security_policy(index_html: &str) -> String {
    let mut script_src = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    script_src.extend(
        inline_scripts(index_html)
            .map(|script| format!("'sha256-{}'", base64_sha256(script.as_bytes()))),
    );
    format!(
        "default-src 'self'; script-src {}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'",
        script_src.join(" ")
    )
}

/// The text of each `<script>` element without `src` (what a hash in the CSP must cover:
/// everything between the tags, exactly as written).
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let start = rest.find("<script")?;
        let after = &rest[start..];
        let tag_end = after.find('>')?;
        let tag = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let close = body.find("</script>")?;
        rest = &body[close..];
        if !tag.contains(" src=") {
            return Some(&body[..close]);
        }
    })
}

fn base64_sha256(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))
}

pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let security = state.security_headers();
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, security.csp.clone());
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(
        CROSS_ORIGIN_OPENER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if security.hsts {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    // What trunk 0.21 writes for a `rel="rust"` link (the loader is inline).
    const TRUNK_INDEX: &str = r#"<html><head>
<link rel="modulepreload" href="/frontend-0123456789abcdef.js" crossorigin="anonymous" integrity="sha384-x">
<script type="module">
import init, * as bindings from '/frontend-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/frontend-0123456789abcdef_bg.wasm' });
</script>
<script src="/other.js"></script>
</head><body></body></html>"#;

    #[test]
    fn inline_scripts_are_allowed_by_hash_and_nothing_else_inline() {
        let policy = content_security_policy(TRUNK_INDEX);
        let loader = "\nimport init, * as bindings from '/frontend-0123456789abcdef.js';\nconst wasm = await init({ module_or_path: '/frontend-0123456789abcdef_bg.wasm' });\n";
        let hash = format!("'sha256-{}'", base64_sha256(loader.as_bytes()));
        assert!(policy.contains(&hash), "{policy}");
        assert_eq!(policy.matches("'sha256-").count(), 1, "{policy}");
        assert!(policy.contains("'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline"));
    }

    #[test]
    fn no_page_means_no_inline_script() {
        let policy = content_security_policy("");
        assert!(policy.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';"));
    }
}
