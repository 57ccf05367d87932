//! Manifest parsing: any bytes as a manifest file (every format `read_input` accepts), then
//! lenient tool parsing under tight limits. Must never panic; every server it yields must parse
//! into tools and issues that account for the whole array.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mcprisk::manifest::formats::{Input, read_from};
use mcprisk::manifest::{ToolLimits, parse_tools, parse_tools_limited};
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let input = Input::Path(PathBuf::from("fuzz.json"));
    let named = data.first().is_some_and(|b| b & 1 == 1);
    let _ = read_from(
        &input,
        Box::new(data),
        named.then_some("named"),
        |raw| -> Result<(), mcprisk::Error> {
            let m = parse_tools(raw.info.clone(), &raw.tools, "fuzz.json");
            if let Some(a) = raw.tools.as_array() {
                assert_eq!(m.tools.len() + m.issues.len(), a.len());
            }
            let limits = ToolLimits {
                max_schema_depth: 3,
                max_text_bytes: 16,
            };
            let small = parse_tools_limited(raw.info, &raw.tools, "fuzz.json", &limits);
            assert!(small.tools.len() <= m.tools.len());
            for t in &small.tools {
                assert!(t.name.len() <= 16 && t.description.len() <= 16);
            }
            Ok(())
        },
    );
});
