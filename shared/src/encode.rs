//! Percent-encoding as the console's paths and queries and the cloud signers use it (re-exported
//! from [`crate::api`], where callers have always found it).

use std::borrow::Cow;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved `A-Z a-z 0-9 - _ . ~`.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes everything but `A-Z a-z 0-9 - _ . ~`, as UTF-8 with upper-case hex (RFC 3986
/// unreserved; also the Huawei signer's rule, where a space is `%20`, never `+`).
pub fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}

/// [`encode_component`] appended to `out`, for a signer building one string without a
/// temporary per part.
pub fn encode_component_into(out: &mut String, text: &str) {
    out.extend(utf8_percent_encode(text, NOT_UNRESERVED));
}

/// Decodes `%XX` escapes, and `+` as a space when `plus_is_space` (form encoding). Invalid
/// escapes are kept literally; invalid UTF-8 is replaced, never an error.
pub fn decode_component(text: &str, plus_is_space: bool) -> String {
    let text: Cow<'_, str> = if plus_is_space && text.contains('+') {
        Cow::Owned(text.replace('+', " "))
    } else {
        Cow::Borrowed(text)
    };
    percent_decode_str(&text).decode_utf8_lossy().into_owned()
}

/// Splits a query string (without `?`) into decoded pairs, in order, `+` read as a space.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(key, true), decode_component(value, true))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_only_unreserved_plain() {
        assert_eq!(
            encode_component("a~b*c+d/e=f&g h"),
            "a~b%2Ac%2Bd%2Fe%3Df%26g%20h"
        );
        assert_eq!(encode_component("快照-é"), "%E5%BF%AB%E7%85%A7-%C3%A9");
        let mut out = String::from("k=");
        encode_component_into(&mut out, "a b/快");
        assert_eq!(out, format!("k={}", encode_component("a b/快")));
        assert_eq!(decode_component("%E5%BF%AB%e7%85%a7+x", true), "快照 x");
        assert_eq!(decode_component("a+b%2", false), "a+b%2");
        assert_eq!(decode_component("%zz%", false), "%zz%");
    }
}
