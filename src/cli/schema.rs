//! `s55 schema`: the JSON Schema of response files, for editors.

use super::out;
use s55::schema as schema_mod;

pub fn run() -> u8 {
    out(&schema_mod::schema_json());
    0
}
