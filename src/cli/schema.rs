//! `s55 schema`: the JSON Schema of response files, for editors.

use s55::schema as schema_mod;

pub fn run() -> u8 {
    print!("{}", schema_mod::schema_json());
    0
}
