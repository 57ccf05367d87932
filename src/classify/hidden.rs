//! Invisible, control and escape characters in a definition (the `hidden_text` signal).
//!
//! A model reads every character of a tool definition; a person reviewing it in a UI does not
//! see zero-width characters, bidirectional overrides, Unicode tag characters (which can spell
//! out a whole hidden ASCII message), terminal escapes or a long base64 blob. Any of these in a
//! tool's name, description or schema is worth a look.

use crate::manifest::Tool;
use serde_json::Value;

/// Describes the first hidden-text finding in the tool's raw definition, if any.
pub fn scan(tool: &Tool, base64_min: usize) -> Option<String> {
    let mut found = None;
    visit(
        &tool.raw,
        &mut |s| {
            if found.is_none() {
                found = scan_str(s, base64_min);
            }
        },
        0,
    );
    found
}

fn visit(v: &Value, f: &mut dyn FnMut(&str), depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::String(s) => f(s),
        Value::Array(a) => a.iter().for_each(|x| visit(x, f, depth + 1)),
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            f(k);
            visit(x, f, depth + 1);
        }),
        _ => {}
    }
}

fn scan_str(s: &str, base64_min: usize) -> Option<String> {
    // Most definitions are plain ASCII: nothing to find unless a control byte is present.
    let plain_ascii = s
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || matches!(b, b'\n' | b'\r' | b'\t'));
    if !plain_ascii && let Some(found) = scan_chars(s) {
        return Some(found);
    }
    if base64_min > 0 && s.len() >= base64_min {
        return scan_base64(s, base64_min);
    }
    None
}

fn scan_chars(s: &str) -> Option<String> {
    for c in s.chars() {
        let what = match c {
            '\u{1b}' => "an ANSI escape (ESC)",
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => "a zero-width character",
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => {
                "a bidirectional control character"
            }
            '\u{e0000}'..='\u{e007f}' => "Unicode tag characters",
            '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {
                "a control character"
            }
            _ => continue,
        };
        return Some(format!("{what} (U+{:04X})", c as u32));
    }
    None
}

fn scan_base64(s: &str, base64_min: usize) -> Option<String> {
    {
        let mut run = 0usize;
        let mut letters_and_digits = (false, false);
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=' {
                run += 1;
                letters_and_digits.0 |= b.is_ascii_alphabetic();
                letters_and_digits.1 |= b.is_ascii_digit();
                if run >= base64_min && letters_and_digits.0 && letters_and_digits.1 {
                    return Some(format!("a base64-like blob of {base64_min}+ characters"));
                }
            } else {
                run = 0;
                letters_and_digits = (false, false);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::scan_str;

    #[test]
    fn finds_each_kind() {
        assert!(scan_str("a\u{200b}b", 120).unwrap().contains("zero-width"));
        assert!(
            scan_str("a\u{202e}b", 120)
                .unwrap()
                .contains("bidirectional")
        );
        assert!(scan_str("a\u{e0041}", 120).unwrap().contains("tag"));
        assert!(scan_str("\u{1b}[31m", 120).unwrap().contains("ANSI"));
        assert!(
            scan_str(&"QUJD1".repeat(30), 120)
                .unwrap()
                .contains("base64")
        );
        assert_eq!(scan_str("plain text\nwith a newline\tand tab", 120), None);
        assert_eq!(scan_str("مرحبا 你好 😀", 120), None);
        assert_eq!(
            scan_str(&"a".repeat(200), 120),
            None,
            "letters alone are not base64"
        );
    }
}
