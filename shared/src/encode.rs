//! Percent-encoding as the console's paths and queries and the cloud signers use it (re-exported
//! from [`crate::api`], where callers have always found it).

/// Percent-encodes everything but `A-Z a-z 0-9 - _ . ~`, as UTF-8 with upper-case hex (RFC 3986
/// unreserved; also the Huawei signer's rule, where a space is `%20`, never `+`).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Decodes `%XX` escapes, and `+` as a space when `plus_is_space` (form encoding). Invalid
/// escapes are kept literally; invalid UTF-8 is replaced, never an error.
pub fn decode_component(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = |b: u8| char::from(b).to_digit(16);
                match (
                    bytes.get(i + 1).copied().and_then(hex),
                    bytes.get(i + 2).copied().and_then(hex),
                ) {
                    (Some(high), Some(low)) => {
                        out.push((high * 16 + low) as u8);
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
        assert_eq!(decode_component("%E5%BF%AB%e7%85%a7+x", true), "快照 x");
        assert_eq!(decode_component("a+b%2", false), "a+b%2");
        assert_eq!(decode_component("%zz%", false), "%zz%");
    }
}
