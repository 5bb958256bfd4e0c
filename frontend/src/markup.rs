//! Markup written as text, for drawing many elements with one call into the page (the list's
//! rows: one `insertAdjacentHTML` instead of a call per element, attribute and text, which made
//! drawing 1,000 rows cost more than the browser's laying them out). Every text and attribute
//! value goes through [`text`] or [`attr`], which escape what the HTML parser would read as
//! markup.

/// `text` as element content.
pub fn text(out: &mut String, text: &str) {
    escape(out, text);
}

/// ` name="value"`; `name` is a literal of the caller's.
pub fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape(out, value);
    out.push('"');
}

/// `<tag class="class">` (no class attribute for `None`).
pub fn open(out: &mut String, tag: &str, class: Option<&str>) {
    start(out, tag, class);
    out.push('>');
}

/// `<tag class="class"` without its `>`, for attributes to follow.
pub fn start(out: &mut String, tag: &str, class: Option<&str>) {
    out.push('<');
    out.push_str(tag);
    if let Some(class) = class {
        attr(out, "class", class);
    }
}

/// `</tag>`.
pub fn close(out: &mut String, tag: &str) {
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// `<tag class="class">text</tag>`.
pub fn element(out: &mut String, tag: &str, class: Option<&str>, content: &str) {
    open(out, tag, class);
    text(out, content);
    close(out, tag);
}

/// Escapes the five characters that can end a text or a quoted attribute value, or start a tag
/// or an entity; everything else is written as it is. A byte scan, not a `char` search: all five
/// are ASCII, and a UTF-8 sequence's bytes never are (1,000 rows pass some 1 MB through here).
fn escape(out: &mut String, value: &str) {
    let mut rest = value;
    while let Some(at) = rest
        .bytes()
        .position(|byte| matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_open_a_tag_or_an_entity() {
        let mut out = String::new();
        text(&mut out, "<img src=x onerror=alert(1)> & &amp; ünïcödé");
        assert_eq!(
            out,
            "&lt;img src=x onerror=alert(1)&gt; &amp; &amp;amp; ünïcödé"
        );
    }

    #[test]
    fn escaping_keeps_every_other_character_whole() {
        // The byte scan against the plain rule, character by character, around text in several
        // scripts (UTF-8 sequences of two, three and four bytes next to the escaped characters).
        let by_char = |value: &str| -> String {
            value
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' => "&gt;".to_owned(),
                    '"' => "&quot;".to_owned(),
                    '\'' => "&#39;".to_owned(),
                    other => other.to_string(),
                })
                .collect()
        };
        for value in [
            "",
            "plain",
            "&",
            "<<>>",
            "日志<归档>盘",
            "ü&ö\"é'",
            "🦀<🦀>&🦀",
            "end with 中&",
            "&start 中",
            "'\"",
        ] {
            let mut out = String::new();
            text(&mut out, value);
            assert_eq!(out, by_char(value), "{value:?}");
        }
    }

    #[test]
    fn an_attribute_value_cannot_end_its_quotes() {
        let mut out = String::new();
        attr(&mut out, "title", r#"a" onclick="x' b"#);
        assert_eq!(out, r#" title="a&quot; onclick=&quot;x&#39; b""#);
    }

    #[test]
    fn elements_with_and_without_a_class() {
        let mut out = String::new();
        start(&mut out, "a", Some("volume-link"));
        attr(&mut out, "href", "/x?a=1&b=2");
        out.push('>');
        text(&mut out, "vol");
        close(&mut out, "a");
        element(&mut out, "span", None, "2 GB");
        assert_eq!(
            out,
            r#"<a class="volume-link" href="/x?a=1&amp;b=2">vol</a><span>2 GB</span>"#
        );
    }
}
