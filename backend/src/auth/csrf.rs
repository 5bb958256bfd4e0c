//! Cross-site request forgery: a mutating call must come from the portal's own origin and carry
//! JSON (a body a plain HTML form cannot send). A call with neither `Origin` nor
//! `Sec-Fetch-Site` is a script's, judged by its credentials alone.

use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, ORIGIN};
use axum::http::{HeaderMap, Method};

use super::AuthError;

fn mutating(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// `expected_origin`: the portal's public origin; `None` in the single-user console, where only
/// a browser's own cross-site marker is refused.
pub fn check(
    method: &Method,
    headers: &HeaderMap,
    expected_origin: Option<&str>,
) -> Result<(), AuthError> {
    if !mutating(method) {
        return Ok(());
    }
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    match (
        header(ORIGIN.as_str()),
        header("sec-fetch-site"),
        expected_origin,
    ) {
        (Some(origin), _, Some(expected)) if origin != expected => {
            return Err(AuthError::CrossOrigin)
        }
        (None, Some(site), _) if site != "same-origin" => return Err(AuthError::CrossOrigin),
        (Some(_), Some("cross-site"), None) => return Err(AuthError::CrossOrigin),
        _ => {}
    }
    let has_body = *method != Method::DELETE
        || headers.contains_key(CONTENT_TYPE)
        || header(CONTENT_LENGTH.as_str()).is_some_and(|length| length != "0");
    let json = header(CONTENT_TYPE.as_str()).is_some_and(|value| {
        value
            .split(';')
            .next()
            .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("application/json"))
    });
    if has_body && !json {
        return Err(AuthError::UnsupportedMediaType);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    const PORTAL: Option<&str> = Some("https://snapdeck.example.com");
    const JSON: (&str, &str) = ("content-type", "application/json");

    #[test]
    fn origins() {
        let same = headers(&[("origin", "https://snapdeck.example.com"), JSON]);
        assert!(check(&Method::POST, &same, PORTAL).is_ok());
        let other = headers(&[("origin", "https://evil.example"), JSON]);
        assert!(matches!(
            check(&Method::POST, &other, PORTAL),
            Err(AuthError::CrossOrigin)
        ));
        assert!(check(&Method::GET, &other, PORTAL).is_ok());
        let fetch = headers(&[("sec-fetch-site", "same-origin"), JSON]);
        assert!(check(&Method::PUT, &fetch, PORTAL).is_ok());
        let site = headers(&[("sec-fetch-site", "same-site"), JSON]);
        assert!(check(&Method::PUT, &site, PORTAL).is_err());
        let script = headers(&[JSON]);
        assert!(check(&Method::POST, &script, PORTAL).is_ok());
    }

    #[test]
    fn bodies_are_json() {
        let form = headers(&[("content-type", "application/x-www-form-urlencoded")]);
        assert!(matches!(
            check(&Method::POST, &form, PORTAL),
            Err(AuthError::UnsupportedMediaType)
        ));
        assert!(check(&Method::POST, &form, None).is_err());
        let charset = headers(&[("content-type", "application/json; charset=utf-8")]);
        assert!(check(&Method::POST, &charset, PORTAL).is_ok());
        assert!(check(&Method::DELETE, &HeaderMap::new(), PORTAL).is_ok());
    }
}
