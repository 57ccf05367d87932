//! Keeping the secrets given for a server out of everything we print or store.
//!
//! Environment values, header values, URL credentials and the values of secret-looking flags
//! are sent to the server they are for and nowhere else. The crawler and the sources (client
//! configs, the registry, the command line) show targets through [`redact_command`] and
//! [`redact_url`]; whatever a server says back is passed through [`scrub`] and [`scrub_value`]
//! with the values it was given, since servers echo their configuration in errors and even in
//! tool descriptions.

use serde_json::Value;

/// Words in a flag name that suggest its value is a secret.
const SECRET_WORDS: &[&str] = &[
    "key",
    "token",
    "secret",
    "password",
    "passwd",
    "pwd",
    "auth",
    "credential",
    "cookie",
    "session",
];

/// Whether a flag or variable name suggests that its value is a secret (`--api-key`, `TOKEN`).
pub fn looks_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| lower.contains(w))
}

/// A command line for display: URLs lose their credentials and query values, and the values of
/// flags whose names suggest secrets (`--api-key X`, `--token=X`) are replaced.
pub fn redact_command(command: &str, args: &[String]) -> String {
    let mut out = vec![quote_arg(command)];
    let mut hide_next = false;
    for arg in args {
        if hide_next {
            out.push("<redacted>".to_string());
            hide_next = false;
            continue;
        }
        if let Some(flag) = arg.strip_prefix('-') {
            if let Some((name, _)) = flag.split_once('=') {
                if looks_secret(name) {
                    out.push(format!("-{name}=<redacted>"));
                    continue;
                }
            } else if looks_secret(flag) {
                hide_next = true;
            }
        }
        if arg.contains("://") {
            out.push(quote_arg(&redact_url(arg)));
        } else if let Some((k, _)) = arg
            .split_once('=')
            .filter(|(k, _)| !k.starts_with('-') && looks_secret(k))
        {
            out.push(format!("{k}=<redacted>"));
        } else {
            out.push(quote_arg(arg));
        }
    }
    out.join(" ")
}

/// `a` as a POSIX shell word: as is when it is plain, single-quoted otherwise.
pub(crate) fn quote_arg(a: &str) -> String {
    if !a.is_empty()
        && a.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@=+,%^~".contains(c))
    {
        a.to_string()
    } else {
        format!("'{}'", a.replace('\'', r"'\''"))
    }
}

/// A URL for display: user and password removed, query values replaced (API keys travel there
/// more often than one would like), fragment dropped. Text that does not parse as a URL is
/// returned with anything between `://` and `@` removed.
pub fn redact_url(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.set_fragment(None);
            if u.query().is_some() {
                let pairs: Vec<(String, String)> = u
                    .query_pairs()
                    .map(|(k, _)| (k.into_owned(), "<redacted>".to_string()))
                    .collect();
                let q: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                u.set_query(Some(&q.join("&")));
            }
            u.to_string().replace("%3Credacted%3E", "<redacted>")
        }
        Err(_) => match (url.find("://"), url.find('@')) {
            (Some(s), Some(a)) if a > s => format!("{}{}", &url[..s + 3], &url[a + 1..]),
            _ => url.to_string(),
        },
    }
}

/// Replaces every occurrence of the given secrets with `<redacted>`.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if out.contains(s.as_str()) {
            out = out.replace(s.as_str(), "<redacted>");
        }
    }
    out
}

/// [`scrub`] over every string and object key in a JSON value. Values parsed by serde_json
/// are at most 128 levels deep, so the recursion is bounded.
pub fn scrub_value(v: &mut Value, secrets: &[String]) {
    match v {
        Value::String(s) if secrets.iter().any(|x| s.contains(x.as_str())) => {
            *s = scrub(s, secrets);
        }
        Value::Array(a) => a.iter_mut().for_each(|x| scrub_value(x, secrets)),
        Value::Object(m) => {
            if m.keys()
                .any(|k| secrets.iter().any(|x| k.contains(x.as_str())))
            {
                let entries: Vec<(String, Value)> = std::mem::take(m).into_iter().collect();
                for (k, mut x) in entries {
                    scrub_value(&mut x, secrets);
                    m.insert(scrub(&k, secrets), x);
                }
            } else {
                m.values_mut().for_each(|x| scrub_value(x, secrets));
            }
        }
        _ => {}
    }
}
