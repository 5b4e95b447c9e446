//! TypeScript declarations of the core's models (`bindings-js/types/index.d.ts`,
//! region `models`), from the same JSON Schemas as the OpenAPI document: the
//! models' Rust docs become TSDoc, `Option` becomes `| null` (the core always
//! sends the key).

use std::fmt::Write;

use serde_json::Value;

fn ts_type(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().unwrap_or("unknown").to_owned();
    }
    let one = |t: &str| match t {
        "string" => "string",
        "integer" | "number" => "number",
        "boolean" => "boolean",
        "null" => "null",
        _ => "unknown",
    };
    match schema.get("type") {
        Some(Value::String(t)) => one(t).to_owned(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .map(one)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => match schema.get("anyOf").and_then(Value::as_array) {
            Some(options) => options.iter().map(ts_type).collect::<Vec<_>>().join(" | "),
            None => "unknown".to_owned(),
        },
    }
}

fn doc(out: &mut String, indent: &str, text: &str) {
    let text = text.replace("*/", "* /");
    let lines: Vec<&str> = text.lines().collect();
    match lines.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "{indent}/** {one} */");
        }
        many => {
            let _ = writeln!(out, "{indent}/**");
            for line in many {
                let _ = writeln!(out, "{indent} * {line}").map(|()| ());
            }
            let _ = writeln!(out, "{indent} */");
        }
    }
}

/// The region's text.
pub fn models() -> String {
    let schemas = super::openapi::model_schemas();
    let mut out = String::new();
    // The core's list, in its order (the schemas' map is sorted by name).
    let names = exotel_sip::models::schemas(&mut schemars::SchemaGenerator::default());
    for (name, _) in names {
        let Some(schema) = schemas.get(name) else {
            continue;
        };
        if let Some(d) = schema.get("description").and_then(Value::as_str) {
            doc(&mut out, "", d);
        }
        let _ = writeln!(out, "export interface {name} {{");
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (field, prop) in props {
                if let Some(d) = prop.get("description").and_then(Value::as_str) {
                    doc(&mut out, "  ", d);
                }
                let _ = writeln!(out, "  {field}: {};", ts_type(prop));
            }
        }
        out.push_str("}\n");
    }
    out
}
