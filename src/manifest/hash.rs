//! Canonical JSON and the definition hash: how a tool definition is recognised as unchanged
//! from one run to the next, whatever its key order or formatting. Stored catalogs keep these
//! hashes, so the text hashed must never change.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Canonical JSON: object keys sorted, no insignificant whitespace. Two definitions that differ
/// only in key order or formatting hash the same.
pub fn canonical_json(v: &Value) -> String {
    let mut out = Vec::new();
    write_canonical(v, &mut out).expect("writing to memory succeeds");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Writes the canonical JSON of `v`. Strings and scalars are written by serde_json exactly as
/// `Value::to_string` writes them.
fn write_canonical<W: std::io::Write>(v: &Value, out: &mut W) -> std::io::Result<()> {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            // Keys are unique, so an unstable sort gives the one order.
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.write_all(b"{")?;
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, k.as_str())?;
                out.write_all(b":")?;
                write_canonical(v, out)?;
            }
            out.write_all(b"}")
        }
        Value::Array(items) => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_canonical(item, out)?;
            }
            out.write_all(b"]")
        }
        other => Ok(serde_json::to_writer(&mut *out, other)?),
    }
}

/// Feeds what is written into a SHA-256.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Hex SHA-256 over the canonical JSON of a tool definition, hashed as it is written (no copy
/// of the canonical text is made).
pub fn definition_hash(v: &Value) -> String {
    let mut h = HashWriter(Sha256::new());
    write_canonical(v, &mut h).expect("writing to a hash succeeds");
    hex(&h.0.finalize())
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_key_order_and_whitespace() {
        let a: Value = serde_json::from_str(r#"{"name":"x","inputSchema":{"b":1,"a":2}}"#).unwrap();
        let b: Value =
            serde_json::from_str("{ \"inputSchema\": {\"a\": 2, \"b\": 1},\n \"name\": \"x\" }")
                .unwrap();
        assert_eq!(definition_hash(&a), definition_hash(&b));
        let c: Value = serde_json::from_str(r#"{"name":"x","inputSchema":{"b":1,"a":3}}"#).unwrap();
        assert_ne!(definition_hash(&a), definition_hash(&c));
    }

    #[test]
    fn hash_is_that_of_the_canonical_text() {
        // Stored catalogs keep these hashes: hashing while writing must give exactly the hash
        // of the canonical text, which is sorted keys and serde_json's compact escaping.
        let v: Value = serde_json::from_str(
            r#"{"z":[1,2.5,-3e10,true,null,{"b":"\u0000\n\"é\u202e","a":{}}],"name":"x\u0001","":"", "é":1}"#,
        )
        .unwrap();
        let text = canonical_json(&v);
        assert_eq!(
            text,
            "{\"\":\"\",\"name\":\"x\\u0001\",\"z\":[1,2.5,-30000000000.0,true,null,{\"a\":{},\"b\":\"\\u0000\\n\\\"é\u{202e}\"}],\"é\":1}"
        );
        assert_eq!(definition_hash(&v), hex(&Sha256::digest(text.as_bytes())));
    }
}
