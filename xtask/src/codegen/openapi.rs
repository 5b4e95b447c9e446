//! `api/openapi.json`: an OpenAPI 3.1 document of the API, from the catalog (paths,
//! parameters, bodies), the models (their JSON Schemas, by schemars), the
//! validators' rules (`validate::accepts`) and the envelope's error codes.

// `value["key"]` on the JSON objects this module builds inserts or reads; it only
// panics on a non-object, and every value indexed here is an object.
#![allow(clippy::indexing_slicing)]

use exotel_sip::catalog::{
    FieldSpec, FieldType, HttpSpec, Kind, Location, OperationSpec, ResultSpec, BASE_PATH, CATALOG,
    ERROR_CODES,
};
use exotel_sip::validate::accepts;
use exotel_sip::Method;
use schemars::generate::SchemaSettings;
use schemars::SchemaGenerator;
use serde_json::{json, Map, Value};

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// A field's schema: its type with every constraint its validators declare.
fn field_schema(f: &FieldSpec) -> Value {
    let mut schema = match f.ty {
        FieldType::Text => json!({ "type": "string" }),
        FieldType::Integer { min, max } => {
            let mut s = json!({ "type": "integer", "minimum": min });
            if max < u32::MAX {
                s["maximum"] = json!(max);
            }
            s
        }
        FieldType::Mode => json!({ "type": "string" }),
        FieldType::TextList | FieldType::KeyedList(_) => {
            json!({ "type": "array", "items": { "type": "string" } })
        }
        FieldType::Settings => json!({ "type": "array", "items": reference("SettingInput") }),
    };
    for check in f.checks {
        let a = accepts(check);
        // On a list, the element rules go to its items.
        let list = schema["type"] == "array";
        let target = if list && !a.non_empty {
            &mut schema["items"]
        } else {
            &mut schema
        };
        if let Some(p) = a.pattern {
            if target["type"] == "string" {
                target["pattern"] = json!(p);
            }
        }
        if let Some(n) = a.max_length {
            target["maxLength"] = json!(n);
        }
        if let Some(n) = a.minimum {
            if target["type"] == "integer" {
                target["minimum"] = json!(n);
            }
        }
        if let Some(n) = a.maximum {
            if target["type"] == "integer" {
                target["maximum"] = json!(n);
            }
        }
        if !a.one_of.is_empty() {
            target["enum"] = json!(a.one_of);
        }
        if let Some(format) = a.format {
            target["format"] = json!(format);
        }
        if a.non_empty {
            schema["minItems"] = json!(1);
        }
    }
    schema["description"] = json!(f.doc);
    if let Some(d) = f.default {
        // A default that names a placeholder (`<account_sid>…`) is said, not given.
        if !d.contains('<') {
            schema["default"] = match f.ty {
                FieldType::Integer { .. } => d.parse::<u64>().map_or(json!(d), |n| json!(n)),
                _ => json!(d),
            };
        } else {
            schema["description"] = json!(format!("{} Default: `{d}`.", f.doc));
        }
    }
    if f.secret {
        schema["writeOnly"] = json!(true);
    }
    schema
}

/// The JSON body of an endpoint: its body fields, in their wire shape.
fn body_schema(op: &OperationSpec) -> Option<Value> {
    let fields: Vec<&FieldSpec> = op
        .fields
        .iter()
        .filter(|f| f.location == Location::Body)
        .collect();
    if fields.is_empty() {
        return None;
    }
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in &fields {
        let mut schema = field_schema(f);
        if let FieldType::KeyedList(key) = f.ty {
            let item = schema["items"].take();
            schema["items"] = json!({
                "type": "object",
                "required": [key],
                "properties": { key: item },
            });
        }
        properties.insert(f.name.to_owned(), schema);
        if f.required {
            required.push(f.name);
        }
    }
    Some(json!({ "type": "object", "required": required, "properties": properties }))
}

fn item_envelope(data: Value) -> Value {
    json!({
        "type": "object",
        "required": ["code", "status"],
        "properties": {
            "code": { "type": "integer" },
            "status": { "type": "string" },
            "error_data": { "anyOf": [{ "type": "null" }, reference("ErrorData")] },
            "data": data,
        },
    })
}

/// The success envelope of an endpoint's result.
fn success(op: &OperationSpec) -> Value {
    let model = |m: &str| {
        // Delete Trunk answers the trunk; the SDK reports it as `DeletedTrunk`.
        if m == "DeletedTrunk" {
            reference("Trunk")
        } else {
            reference(m)
        }
    };
    let (response, metadata) = match op.result {
        ResultSpec::Single(m) | ResultSpec::Custom(m) => (item_envelope(model(m)), None),
        ResultSpec::OneOrList(m) => (
            json!({ "anyOf": [item_envelope(model(m)), { "type": "array", "items": item_envelope(model(m)) }] }),
            None,
        ),
        ResultSpec::Page { item, .. } => (
            json!({ "type": "array", "items": item_envelope(model(item)) }),
            Some(reference("PageMetadata")),
        ),
        ResultSpec::Batch { item, .. } => (
            json!({ "type": "array", "items": item_envelope(json!({ "anyOf": [{ "type": "null" }, model(item)] })) }),
            Some(reference("BatchMetadata")),
        ),
        ResultSpec::Json => (item_envelope(json!({})), None),
    };
    let mut envelope = json!({
        "type": "object",
        "required": ["response"],
        "properties": {
            "request_id": { "type": "string" },
            "method": { "type": "string" },
            "http_code": { "type": "integer" },
            "response": response,
        },
    });
    if let Some(metadata) = metadata {
        envelope["properties"]["metadata"] = metadata;
    }
    envelope
}

fn operation(op: &OperationSpec, http: &HttpSpec) -> Value {
    let mut parameters = vec![json!({ "$ref": "#/components/parameters/account_sid" })];
    for f in op
        .fields
        .iter()
        .filter(|f| matches!(f.location, Location::Path | Location::Query))
    {
        parameters.push(json!({
            "name": f.name,
            "in": if f.location == Location::Path { "path" } else { "query" },
            "required": f.required,
            "description": f.doc,
            "schema": field_schema(f),
        }));
    }
    let json_content = |schema: Value| json!({ "application/json": { "schema": schema } });
    let ok = json!({ "anyOf": [success(op), reference("ErrorEnvelope")] });
    let mut responses = json!({
        "200": {
            "description": "Success; or an error the server carries in an HTTP 200, such as a duplicate (inner code 409, error 1008).",
            "content": json_content(ok),
        },
        "default": {
            "description": "An error: its code is in `response.error_data.code` (see `ErrorData`).",
            "content": json_content(reference("ErrorEnvelope")),
        },
    });
    if let ResultSpec::Batch { .. } = op.result {
        responses["207"] = json!({
            "description": "Some items failed: each item of `response` has its own code.",
            "content": json_content(success(op)),
        });
    }
    let mut out = json!({
        "operationId": op.name,
        "summary": op.summary,
        "description": op.doc,
        "parameters": parameters,
        "responses": responses,
        "security": if matches!(http.auth, exotel_sip::catalog::Auth::BasicOrBearer) {
            json!([{ "basic": [] }, { "bearer": [] }])
        } else {
            json!([{ "basic": [] }])
        },
    });
    if let Some(body) = body_schema(op) {
        out["requestBody"] = json!({ "required": true, "content": json_content(body) });
    }
    out
}

pub fn model_schemas() -> Map<String, Value> {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut generator = SchemaGenerator::new(settings);
    let mut out = Map::new();
    for (name, schema) in exotel_sip::models::schemas(&mut generator) {
        out.insert(name.to_owned(), schema.to_value());
    }
    for (name, schema) in generator.definitions() {
        out.entry(name.clone()).or_insert_with(|| schema.clone());
    }
    // The root schemas' own keywords that do not belong in a component.
    for schema in out.values_mut() {
        if let Some(map) = schema.as_object_mut() {
            map.remove("$schema");
        }
    }
    out
}

/// The whole document, as pretty JSON.
pub fn document() -> String {
    let mut paths = Map::new();
    for op in CATALOG.iter().filter(|op| op.kind == Kind::Endpoint) {
        let Some(http) = &op.http else { continue };
        let path = format!("{BASE_PATH}{}", http.path);
        let method = match http.method {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Delete => "delete",
        };
        let entry = paths.entry(path).or_insert_with(|| json!({}));
        entry[method] = operation(op, http);
    }
    let mut schemas = model_schemas();
    schemas.insert(
        "SettingInput".to_owned(),
        json!({
            "type": "object",
            "required": ["name", "value"],
            "properties": {
                "name": { "type": "string", "description": "The setting, e.g. `trunk_external_alias`." },
                "value": { "type": "string" },
            },
        }),
    );
    let codes: Vec<String> = ERROR_CODES
        .iter()
        .map(|c| format!("{} (HTTP {}, {}): {}", c.code, c.status, c.message, c.when))
        .collect();
    schemas.insert(
        "ErrorData".to_owned(),
        json!({
            "type": "object",
            "properties": {
                "code": {
                    "type": "integer",
                    "description": format!("Known codes: {}. Others may appear.", codes.join("; ")),
                    "examples": ERROR_CODES.iter().map(|c| c.code).collect::<Vec<_>>(),
                },
                "message": { "type": "string" },
                "description": { "type": "string" },
            },
        }),
    );
    schemas.insert(
        "ErrorEnvelope".to_owned(),
        json!({
            "type": "object",
            "required": ["response"],
            "properties": {
                "request_id": { "type": "string" },
                "method": { "type": "string" },
                "http_code": { "type": "integer" },
                "response": {
                    "anyOf": [
                        item_envelope(json!({})),
                        { "type": "array", "items": item_envelope(json!({})) },
                    ],
                },
            },
        }),
    );
    let doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Exotel SIP Trunking API",
            "version": exotel_sip::SDK_VERSION,
            "description": "Generated by `cargo xtask codegen` from core/src/catalog.rs (the operations), the core's models (their schemas) and validators (their rules): do not edit. Every answer is an envelope; errors carry `response.error_data.code`; a duplicate may come as an HTTP 200 whose inner code is 409; batch calls answer per item (HTTP 207).",
        },
        "servers": [
            { "url": "https://api.exotel.com", "description": "Singapore" },
            { "url": "https://api.in.exotel.com", "description": "Mumbai" },
        ],
        "security": [{ "basic": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "basic": { "type": "http", "scheme": "basic", "description": "The API key and token." },
                "bearer": { "type": "http", "scheme": "bearer", "description": "On accounts where Bearer auth is enabled." },
            },
            "parameters": {
                "account_sid": {
                    "name": "account_sid",
                    "in": "path",
                    "required": true,
                    "description": "The account SID.",
                    "schema": { "type": "string", "pattern": "^[A-Za-z0-9_-]+$" },
                },
            },
            "schemas": schemas,
        },
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
