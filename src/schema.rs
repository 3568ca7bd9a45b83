//! The JSON Schema of the response file format, generated from the same Rust types that read the
//! files ([`crate::model`]), with their doc comments as descriptions. Editors that understand
//! `# yaml-language-server: $schema=...` (VS Code's YAML extension, for example) use it to check
//! and complete response files as they are typed, and to show the descriptions as hover text.
//!
//! Draft-07 is used because it is the draft the common YAML editor extensions support.

use crate::model::ResponseFile;
use schemars::generate::SchemaSettings;

/// The file name `s55 init` and `s55 new` use for the schema, next to the response files.
pub const FILE_NAME: &str = "s55.schema.json";

/// The schema of a response file, as a JSON value.
pub fn response_schema() -> serde_json::Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<ResponseFile>();
    schema.insert(
        "title".into(),
        "s55 response file (section 55, Police Act 1996)".into(),
    );
    schema.to_value()
}

/// The schema as pretty-printed JSON, ending with a newline: what `s55 schema` prints and what is
/// committed as `responses/s55.schema.json`.
pub fn schema_json() -> String {
    let mut text =
        serde_json::to_string_pretty(&response_schema()).expect("a schema always serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_is_draft_07_and_describes_fields_for_officers() {
        let schema = response_schema();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        let published = &schema["definitions"]["Report"]["properties"]["published"];
        assert!(
            published
                .to_string()
                .contains("The day HMICFRS published the report"),
            "{published}"
        );
        // Unknown keys are refused by the reader, so the editor should refuse them too.
        assert_eq!(schema["additionalProperties"], false);
        let required = schema["required"].as_array().unwrap();
        assert!(required.iter().any(|r| r == "s55"));
    }
}
