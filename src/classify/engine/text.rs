//! The definition text: all of a definition's words, read in one walk with the hidden-text
//! check.

use crate::manifest::Tool;
use serde_json::Value;

/// All of a definition's text, for signals that look everywhere: name, title, description, and
/// every string the input schema holds (property names, descriptions, enum values, defaults),
/// one per line. JSON Schema's own words are left out: the keywords that structure a schema
/// (`type`, `properties`, `description` as a key, …) and the type names (`string`,
/// `object`, …). They say nothing the author wrote, they are a fifth to a quarter of the
/// text, and every pattern of the rules would read them for every tool.
pub fn definition_text(tool: &Tool) -> String {
    read_definition(tool, None).0
}

/// [`definition_text`], and with `Some(base64_min)` also whether every key and string of the
/// raw definition is plain: nothing in it that [`crate::classify::hidden`] looks for.
///
/// Both come from one walk. The definition's JSON tree is scattered over the heap, and on a
/// large catalog walking it is mostly waiting for memory: measured on 20,000 synthetic tools,
/// a second walk for the hidden-text check cost a tenth of classification.
pub(super) fn read_definition(tool: &Tool, base64_min: Option<usize>) -> (String, bool) {
    let mut out = String::with_capacity(tool.description.len() + 256);
    out.push_str(&tool.name);
    out.push('\n');
    for t in tool.title.iter().chain(&tool.annotations.title) {
        out.push_str(t);
        out.push('\n');
    }
    out.push_str(&tool.description);
    out.push('\n');
    let mut walk = DefinitionWalk {
        out,
        base64_min: base64_min.unwrap_or(0),
        plain: base64_min.is_some(),
        unchecked: false,
    };
    let schema = tool.input_schema();
    match &tool.raw {
        // The text reads only the input schema; the check reads everything, at the depths
        // `hidden::all_plain` counts (one more for each object entered).
        Value::Object(m) if walk.plain => {
            for (k, v) in m {
                walk.plain =
                    walk.plain && crate::classify::hidden::nothing_hidden(k, walk.base64_min);
                if schema.is_some_and(|s| std::ptr::eq(s, v)) {
                    let from = walk.out.len();
                    walk.visit(v, 0, 1, SchemaPlace::Schema);
                    // The schema's keys and strings were added to the text, each followed by a
                    // line feed: one check of that stretch is a check of each (a line feed is
                    // plain and ends any base64 run). Only a schema nested past the depth
                    // limits reads differently for the text and the check: then each string
                    // is checked on its own.
                    walk.plain = walk.plain
                        && if walk.unchecked {
                            crate::classify::hidden::all_plain(v, walk.base64_min, 1)
                        } else {
                            crate::classify::hidden::nothing_hidden(
                                &walk.out[from..],
                                walk.base64_min,
                            )
                        };
                } else if walk.plain {
                    walk.plain = crate::classify::hidden::all_plain(v, walk.base64_min, 1);
                }
            }
        }
        _ => {
            if walk.plain {
                walk.plain = crate::classify::hidden::all_plain(&tool.raw, walk.base64_min, 0);
            }
            if let Some(schema) = schema {
                walk.visit(schema, 0, MAX_DEPTH + 1, SchemaPlace::Schema);
            }
        }
    }
    (walk.out, walk.plain)
}

/// Deeply nested schemas are hostile input; their text past this depth is not read.
pub(super) const MAX_DEPTH: usize = 64;

pub(super) struct DefinitionWalk {
    pub(super) out: String,
    pub(super) base64_min: usize,
    /// Nothing checked so far hides anything (false also when not checking at all).
    pub(super) plain: bool,
    /// The walk went deeper than the text or the check reads, so the text is not exactly
    /// what the check must see.
    pub(super) unchecked: bool,
}

impl DefinitionWalk {
    /// `text_depth` counts arrays and objects (as the text always has); `check_depth` counts
    /// objects only, as `hidden::all_plain` does. `at` says what `v` is in the schema.
    fn visit(&mut self, v: &Value, text_depth: usize, check_depth: usize, at: SchemaPlace) {
        if text_depth > MAX_DEPTH || check_depth > MAX_DEPTH {
            self.unchecked = true;
            if text_depth > MAX_DEPTH {
                return;
            }
        }
        // What is left out of the text is a fixed word of plain ASCII: nothing the hidden-text
        // check looks for, so checking the text still checks the whole schema.
        match v {
            Value::String(s) if at == SchemaPlace::Type && is_json_type(s) => {}
            Value::String(s) => {
                self.out.push_str(s);
                self.out.push('\n');
            }
            Value::Array(a) => a
                .iter()
                .for_each(|x| self.visit(x, text_depth + 1, check_depth, at)),
            Value::Object(m) => {
                for (k, x) in m {
                    let inner = match at {
                        SchemaPlace::Data => SchemaPlace::Data,
                        SchemaPlace::Names => SchemaPlace::Schema,
                        _ if is_name_map(k) => SchemaPlace::Names,
                        _ if is_data_keyword(k) => SchemaPlace::Data,
                        _ if k == "type" => SchemaPlace::Type,
                        _ => SchemaPlace::Schema,
                    };
                    if matches!(at, SchemaPlace::Names | SchemaPlace::Data) || !is_schema_keyword(k)
                    {
                        self.out.push_str(k);
                        self.out.push('\n');
                    }
                    self.visit(x, text_depth + 1, check_depth + 1, inner);
                }
            }
            _ => {}
        }
    }
}

/// Where a value sits in a schema, for what [`definition_text`] leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SchemaPlace {
    /// A schema, or a value inside one: its keys are keywords or the author's own.
    Schema,
    /// The value of `type`.
    Type,
    /// A map from names to schemas (`properties`, `$defs` …): its keys are the author's.
    Names,
    /// Data the author gave (`enum`, `default` …): every key and string is the author's.
    Data,
}

/// Keywords whose value is data, not schema.
pub(super) fn is_data_keyword(word: &str) -> bool {
    matches!(word, "enum" | "const" | "default" | "examples")
}

/// Keywords whose object maps names to schemas.
pub(super) fn is_name_map(word: &str) -> bool {
    matches!(
        word,
        "properties" | "patternProperties" | "$defs" | "definitions"
    )
}

/// JSON Schema keywords, left out of the text when they are keys of a schema.
pub(super) fn is_schema_keyword(word: &str) -> bool {
    // A `match`, which the compiler turns into a search by length and bytes (a slice's
    // `contains` would compare every entry, for every key of every schema).
    matches!(
        word,
        "type"
            | "properties"
            | "patternProperties"
            | "additionalProperties"
            | "required"
            | "items"
            | "prefixItems"
            | "enum"
            | "const"
            | "default"
            | "description"
            | "title"
            | "examples"
            | "format"
            | "pattern"
            | "minimum"
            | "maximum"
            | "exclusiveMinimum"
            | "exclusiveMaximum"
            | "minLength"
            | "maxLength"
            | "minItems"
            | "maxItems"
            | "uniqueItems"
            | "anyOf"
            | "oneOf"
            | "allOf"
            | "not"
            | "$schema"
            | "$ref"
            | "$defs"
            | "definitions"
            | "nullable"
    )
}

/// The type names of JSON Schema, left out of the text as values of `type`.
pub(super) fn is_json_type(word: &str) -> bool {
    matches!(
        word,
        "string" | "object" | "array" | "number" | "integer" | "boolean" | "null"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::parse_tool;
    use serde_json::json;

    /// An object nested `levels` deep, with `leaf` at the bottom.
    fn nested(levels: usize, leaf: Value) -> Value {
        (0..levels).fold(leaf, |v, i| json!({ format!("k{i}"): v }))
    }

    #[test]
    fn one_walk_reads_the_text_and_checks_everything_the_hidden_walk_does() {
        let b64 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVoxMjM0NTY3ODkw".repeat(4);
        let definitions = [
            json!({"name": "plain", "description": "Reads a file.",
                   "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}}}),
            json!({"name": "in_annotations", "annotations": {"title": "ti\u{200b}tle"},
                   "inputSchema": {"type": "object"}}),
            json!({"name": "in_a_key", "inputSchema": {"properties": {"pa\u{1b}th": {}}}}),
            json!({"name": "in_an_enum", "inputSchema": {"properties": {"m": {"enum": ["a", b64]}}}}),
            json!({"inputSchema": {"properties": {"x": {"default": "\u{7}"}}}, "name": "schema_first"}),
            json!({"name": "unknown_field", "x-extra": ["ok", {"deep": "\u{202e}"}]}),
            // Past the depth limits the two walks count differently: arrays count for the text
            // only, objects for both.
            json!({"name": "deep_objects", "inputSchema": nested(70, json!("\u{200b}"))}),
            json!({"name": "deep_arrays", "inputSchema": {"a": (0..70).fold(json!("\u{200b}"), |v, _| json!([v]))}}),
            json!({"name": "just_inside", "inputSchema": nested(63, json!("\u{200b}"))}),
        ];
        let mut plain_ones = Vec::new();
        for raw in definitions {
            let tool = parse_tool(&raw).expect("a valid tool");
            let (text, plain) = read_definition(&tool, Some(120));
            assert_eq!(
                plain,
                crate::classify::hidden::all_plain(&tool.raw, 120, 0),
                "{}",
                tool.name
            );
            let mut want = format!("{}\n", tool.name);
            for t in tool.title.iter().chain(&tool.annotations.title) {
                want += &format!("{t}\n");
            }
            want += &format!("{}\n", tool.description);
            let mut schema = String::new();
            reference_text(tool.input_schema().unwrap_or(&Value::Null), &mut schema, 0);
            // No property here is named like a keyword, and no enum value like a type.
            for line in schema.lines() {
                if !is_schema_keyword(line) && !is_json_type(line) {
                    want += &format!("{line}\n");
                }
            }
            assert_eq!(text, want, "{}", tool.name);
            assert_eq!(read_definition(&tool, None), (text, false), "{}", tool.name);
            if plain {
                plain_ones.push(tool.name);
            }
        }
        assert_eq!(plain_ones, ["plain", "deep_objects"]);
    }

    #[test]
    fn the_text_leaves_out_json_schemas_own_words_only() {
        let tool = parse_tool(&json!({
            "name": "t",
            "description": "D",
            "inputSchema": {
                "type": "object",
                "$schema": "http://json-schema.org/draft-07/schema#",
                "properties": {
                    "type": {"type": "string", "description": "Kind", "enum": ["string", "x"]},
                    "path": {"type": ["string", "null"], "default": {"type": "object", "n": 1}},
                    "properties": {"type": "array", "items": {"type": "integer", "title": "T"}},
                },
                "required": ["path"],
                "x-note": "kept",
            }
        }))
        .unwrap();
        let text = definition_text(&tool);
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "t",
                "D",
                "http://json-schema.org/draft-07/schema#",
                // Property names are the author's, even when they are keywords.
                "type",
                "Kind",
                // Enum values and defaults are data, whatever they say.
                "string",
                "x",
                "path",
                "type",
                "object",
                "n",
                "properties",
                "T",
                "path",
                "x-note",
                "kept",
            ]
        );
    }

    /// The text walk as first written: every key and string, arrays and objects counted.
    fn reference_text(v: &Value, out: &mut String, depth: usize) {
        if depth > 64 {
            return;
        }
        match v {
            Value::String(s) => *out += &format!("{s}\n"),
            Value::Array(a) => a.iter().for_each(|x| reference_text(x, out, depth + 1)),
            Value::Object(m) => {
                for (k, x) in m {
                    *out += &format!("{k}\n");
                    reference_text(x, out, depth + 1);
                }
            }
            _ => {}
        }
    }
}
