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

/// Lower-case word tokens of free text (descriptions), with their byte offsets in the text.
pub fn words(text: &str) -> impl Iterator<Item = (usize, String)> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = iter.peek() {
            if c.is_alphanumeric() {
                break;
            }
            iter.next();
        }
        let (start, _) = *iter.peek()?;
        let mut word = String::new();
        while let Some(&(_, c)) = iter.peek() {
            if !(c.is_alphanumeric() || c == '\'') {
                break;
            }
            word.extend(c.to_lowercase());
            iter.next();
        }
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
    fn words_are_lowercase_with_offsets() {
        let w: Vec<_> = words("Deletes a file, permanently.").collect();
        assert_eq!(w[0], (0, "deletes".to_string()));
        assert_eq!(w[3], (16, "permanently".to_string()));
    }
}
