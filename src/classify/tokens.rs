//! Splitting tool names into words.
//!
//! Tool names come in every style: `delete_file`, `deleteFile`, `delete-file`, `files.delete`,
//! `API-post-search`, `HTTPGetRequest`. All of them become lower-case word tokens, so that the
//! rules see `delete` in each. Tokens are whole words: `undelete` stays `undelete` and never
//! matches `delete`.

/// Splits a name on `_`, `-`, `.`, `/`, `:`, whitespace and other punctuation, and at camelCase
/// and letter/digit boundaries (`HTTPServer` → `http`, `server`). Returns lower-case tokens.
pub fn split_name(name: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for part in name.split(|c: char| !c.is_alphanumeric()) {
        if part.is_empty() {
            continue;
        }
        if part.is_ascii() {
            // Nearly every name: the same rules on bytes, without decoding characters.
            split_ascii(part, &mut tokens);
            continue;
        }
        let chars: Vec<char> = part.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (prev, cur) = (chars[i - 1], chars[i]);
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_lowercase() && cur.is_uppercase())
                // `HTTPServer`: split before the last capital of a run followed by lower-case.
                || (prev.is_uppercase() && cur.is_uppercase() && next.is_some_and(char::is_lowercase))
                || (prev.is_alphabetic() && cur.is_numeric())
                || (prev.is_numeric() && cur.is_alphabetic());
            if boundary {
                tokens.push(chars[start..i].iter().collect::<String>().to_lowercase());
                start = i;
            }
        }
        tokens.push(chars[start..].iter().collect::<String>().to_lowercase());
    }
    tokens
}

/// [`split_name`]'s boundaries for a part made of ASCII letters and digits.
fn split_ascii(part: &str, tokens: &mut Vec<String>) {
    let b = part.as_bytes();
    let mut start = 0;
    for i in 1..b.len() {
        let (prev, cur) = (b[i - 1], b[i]);
        let boundary = (prev.is_ascii_lowercase() && cur.is_ascii_uppercase())
            || (prev.is_ascii_uppercase()
                && cur.is_ascii_uppercase()
                && b.get(i + 1).is_some_and(u8::is_ascii_lowercase))
            || (prev.is_ascii_alphabetic() && cur.is_ascii_digit())
            || (prev.is_ascii_digit() && cur.is_ascii_alphabetic());
        if boundary {
            tokens.push(part[start..i].to_ascii_lowercase());
            start = i;
        }
    }
    tokens.push(part[start..].to_ascii_lowercase());
}

/// Lower-case word tokens of free text (descriptions), with their byte offsets in the text.
/// A word is a run of alphanumeric characters and apostrophes that starts alphanumeric.
pub fn words(text: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = &text[pos..];
        // The gap to the next word is ASCII nearly always: found by bytes, by characters only
        // from the first non-ASCII byte on.
        let skip = match rest
            .bytes()
            .position(|b| b.is_ascii_alphanumeric() || !b.is_ascii())?
        {
            i if rest.as_bytes()[i].is_ascii() => i,
            i => i + rest[i..].find(char::is_alphanumeric)?,
        };
        let start = pos + skip;
        let tail = &text[start..];
        // ASCII letters and digits are nearly every word: copied and lower-cased as bytes.
        let ascii = tail
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'\''))
            .unwrap_or(tail.len());
        let mut word = tail[..ascii].to_ascii_lowercase();
        let mut end = start + ascii;
        if tail.as_bytes().get(ascii).is_some_and(|b| !b.is_ascii()) {
            for c in text[end..].chars() {
                if !(c.is_alphanumeric() || c == '\'') {
                    break;
                }
                word.extend(c.to_lowercase());
                end += c.len_utf8();
            }
        }
        pos = end;
        Some((start, word))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_naming_style_yields_the_verb() {
        for name in [
            "deleteFile",
            "delete-file",
            "delete_file",
            "files.delete",
            "DeleteFile",
            "DELETE_FILE",
        ] {
            let t = split_name(name);
            assert!(t.contains(&"delete".to_string()), "{name}: {t:?}");
        }
        assert_eq!(split_name("undelete_item"), ["undelete", "item"]);
        assert_eq!(
            split_name("HTTPServerGet2FA"),
            ["http", "server", "get", "2", "fa"]
        );
        assert_eq!(split_name("API-post-search"), ["api", "post", "search"]);
        assert_eq!(split_name("oauth.start"), ["oauth", "start"]);
    }

    #[test]
    fn ascii_names_split_as_the_general_path_does() {
        // The same names with one non-ASCII letter take the character path; the split points
        // must not differ.
        for name in [
            "getHTTPResponse",
            "listS3Buckets",
            "v2Api",
            "XMLHttpRequest",
        ] {
            let ascii = split_name(name);
            let general: Vec<String> = split_name(&format!("{name}é"));
            assert_eq!(ascii.len(), general.len(), "{name}");
            assert_eq!(
                ascii[..ascii.len() - 1],
                general[..general.len() - 1],
                "{name}"
            );
        }
        assert_eq!(split_name("listS3Buckets"), ["list", "s", "3", "buckets"]);
    }

    #[test]
    fn words_read_ascii_and_other_text_alike() {
        // The first implementation, character by character, as the reference.
        fn reference(text: &str) -> Vec<(usize, String)> {
            let mut out = Vec::new();
            let mut iter = text.char_indices().peekable();
            loop {
                while iter.peek().is_some_and(|&(_, c)| !c.is_alphanumeric()) {
                    iter.next();
                }
                let Some(&(start, _)) = iter.peek() else {
                    return out;
                };
                let mut word = String::new();
                while let Some(&(_, c)) = iter.peek() {
                    if !(c.is_alphanumeric() || c == '\'') {
                        break;
                    }
                    word.extend(c.to_lowercase());
                    iter.next();
                }
                out.push((start, word));
            }
        }
        for text in [
            "",
            "  'quoted' don't STOP",
            "Café DÉJÀ-vu naïve",
            "İstanbul KELVIN\u{212a} ΣΊΣΥΦΟΣ",
            "abc日本語def 123abc",
            "e\u{301}clair x\u{200b}y",
            "tail'",
            "''a''",
        ] {
            assert_eq!(words(text).collect::<Vec<_>>(), reference(text), "{text:?}");
        }
    }

    #[test]
    fn words_are_lowercase_with_offsets() {
        let w: Vec<_> = words("Deletes a file, permanently.").collect();
        assert_eq!(w[0], (0, "deletes".to_string()));
        assert_eq!(w[3], (16, "permanently".to_string()));
    }
}
