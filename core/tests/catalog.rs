//! The catalog agrees with what the core does and with the API documents.
//!
//! - Every endpoint entry passes `catalog::check`, and its method and path are
//!   those of every request its vectors (written from the API documents) expect.
//! - Every folder of vectors has its entry, and every endpoint has vectors.
//! - Every validator an entry names exists in `validate.rs`.
//! - `api/catalog.json` is the catalog's current JSON (`cargo xtask codegen`).
//! - The format already expresses every call of `more-endpoints.md`: the
//!   fourteen entries the full-API work will add are declared here and checked.

use std::path::{Path, PathBuf};

use exotel_sip::catalog::{
    self, Auth, FieldSpec, FieldType, HttpSpec, Kind, Location, OperationSpec, ResultSpec, Retry,
    CATALOG,
};
use exotel_sip::Method;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn vector_files(operation: &str) -> Vec<Value> {
    let dir = repo().join("tests/vectors").join(operation);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap_or_default();
            serde_json::from_str(&text).unwrap_or(Value::Null)
        })
        .collect()
}

/// Whether `path` (no query) fits the template, `{x}` matching one non-empty segment.
fn fits(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

#[test]
fn every_entry_follows_the_catalog_rules() {
    for op in CATALOG {
        assert_eq!(catalog::check(op), Ok(()));
    }
    let mut names: Vec<&str> = CATALOG.iter().map(|op| op.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CATALOG.len(), "operation names are unique");
}

#[test]
fn every_endpoint_sends_what_its_vectors_expect() {
    let mut checked = 0;
    for op in CATALOG.iter().filter(|op| op.kind == Kind::Endpoint) {
        let http = op.http.as_ref().map(|h| (h.method.as_str(), h.path));
        let Some((method, path)) = http else {
            panic!("{}: endpoint without HTTP", op.name);
        };
        let template = format!("/v2/accounts/{{account_sid}}{path}");
        let files = vector_files(op.name);
        assert!(!files.is_empty(), "{} has no vectors", op.name);
        for file in files {
            assert_eq!(file["operation"], op.name);
            let cases = file["cases"].as_array().cloned().unwrap_or_default();
            for case in cases {
                let Some(request) = case.get("request") else {
                    continue;
                };
                let url = request["url"].as_str().unwrap_or_default();
                // A followed page's URL is the server's; the others are built from the entry.
                if case["input"].get("uri").is_some() {
                    continue;
                }
                // From `/v2/accounts/` on: a custom base URL may have a path of its own.
                let path_only = url
                    .find("/v2/accounts/")
                    .and_then(|at| url.get(at..))
                    .map(|p| p.split('?').next().unwrap_or_default().to_owned())
                    .unwrap_or_default();
                assert_eq!(request["method"], method, "{}: {}", op.name, case["name"]);
                assert!(
                    fits(&template, &path_only),
                    "{}: {} does not fit {template} ({})",
                    op.name,
                    path_only,
                    case["name"]
                );
                // Query parameters are the entry's query fields.
                if let Some((_, query)) = url.split_once('?') {
                    for pair in query.split('&') {
                        let name = pair.split('=').next().unwrap_or_default();
                        assert!(
                            op.fields
                                .iter()
                                .any(|f| f.name == name && f.location == Location::Query),
                            "{}: query parameter {name} is not a query field",
                            op.name
                        );
                    }
                }
                // Body fields are the entry's body fields, in the declared shape.
                if let Some(body) = request.get("body").and_then(Value::as_object) {
                    for (key, value) in body {
                        let field = op
                            .fields
                            .iter()
                            .find(|f| f.location == Location::Body && f.name == key);
                        assert!(
                            field.is_some(),
                            "{}: body field {key} is not declared",
                            op.name
                        );
                        if let Some(FieldType::KeyedList(element)) = field.map(|f| f.ty) {
                            for item in value.as_array().into_iter().flatten() {
                                let keys: Vec<&String> = item
                                    .as_object()
                                    .into_iter()
                                    .flat_map(|o| o.keys())
                                    .collect();
                                assert_eq!(keys, [element], "{}: {key} items", op.name);
                            }
                        }
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "only {checked} requests checked");
}

#[test]
fn every_vector_folder_has_its_entry() {
    let dir = repo().join("tests/vectors");
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if !entry.path().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "config" {
            continue;
        }
        assert!(
            OperationSpec::find(&name).is_some(),
            "vectors for {name}, which the catalog does not declare"
        );
    }
}

/// The validators of `core/src/validate.rs` an entry may name.
const VALIDATORS: &[&str] = &[
    "required",
    "trunk_sid",
    "numeric_id",
    "trunk_name",
    "nso_code",
    "domain_name",
    "e164",
    "mode",
    "ipv4",
    "mask",
    "page_size",
    "destination",
    "non_empty_list",
    "setting",
    "concurrency",
];

#[test]
fn every_check_names_a_validator() {
    let source = std::fs::read_to_string(repo().join("core/src/validate.rs")).unwrap_or_default();
    for name in VALIDATORS {
        assert!(
            source.contains(&format!("pub fn {name}")),
            "validate.rs has no {name}"
        );
    }
    for op in CATALOG {
        for f in op.fields {
            for check in f.checks {
                assert!(
                    VALIDATORS.contains(check),
                    "{}.{}: unknown validator {check}",
                    op.name,
                    f.name
                );
            }
        }
    }
}

#[test]
fn the_committed_catalog_json_is_current() {
    let committed = std::fs::read_to_string(repo().join("api/catalog.json")).unwrap_or_default();
    assert!(
        committed == catalog::catalog_json(),
        "api/catalog.json is stale: run `cargo xtask codegen`"
    );
}

#[test]
fn one_page_calls_are_named_after_their_list() {
    let op = OperationSpec::find("list_whitelisted_ips");
    assert_eq!(
        op.and_then(OperationSpec::page_name).as_deref(),
        Some("whitelisted_ips_page")
    );
    assert_eq!(
        OperationSpec::find("create_trunk").and_then(OperationSpec::page_name),
        None
    );
}

// --- the format expresses the whole API (more-endpoints.md) ------------------

const fn f(name: &'static str, ty: FieldType, location: Location, required: bool) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        location,
        required,
        default: None,
        checks: &[],
        secret: false,
        doc: "A field.",
    }
}

const fn endpoint(
    name: &'static str,
    method: Method,
    path: &'static str,
    fields: &'static [FieldSpec],
    result: ResultSpec,
) -> OperationSpec {
    OperationSpec {
        name,
        summary: "A call of more-endpoints.md.",
        doc: "",
        http: Some(HttpSpec {
            method,
            path,
            auth: Auth::BasicOrBearer,
            retry: match method {
                Method::Post => Retry::UnlessSent,
                _ => Retry::Idempotent,
            },
        }),
        input: "Input",
        fields,
        result,
        kind: Kind::Endpoint,
        cli: None,
    }
}

const TEXT: FieldType = FieldType::Text;
const INT: FieldType = FieldType::Integer {
    min: 0,
    max: u32::MAX,
};
const TRUNK: FieldSpec = f("trunk_sid", TEXT, Location::Path, true);
const OFFSET: FieldSpec = f("offset", INT, Location::Query, false);
const PAGE_SIZE: FieldSpec = f("page_size", INT, Location::Query, false);
const PASSWORD: FieldSpec = FieldSpec {
    secret: true,
    ..f("password", TEXT, Location::Body, true)
};

const FULL_API: &[OperationSpec] = &[
    endpoint(
        "list_trunks",
        Method::Get,
        "/trunks",
        &[
            OFFSET,
            PAGE_SIZE,
            f("trunk_sid", TEXT, Location::Query, false),
        ],
        ResultSpec::Page {
            item: "Trunk",
            page: "TrunkPage",
        },
    ),
    endpoint(
        "update_trunk",
        Method::Put,
        "/trunks/{trunk_sid}",
        &[
            TRUNK,
            f("trunk_name", TEXT, Location::Body, false),
            f("auth_type", TEXT, Location::Body, false),
            f("nso_code", TEXT, Location::Body, false),
        ],
        ResultSpec::Single("Trunk"),
    ),
    endpoint(
        "lookup_trunk_map",
        Method::Get,
        "/trunk-maps",
        &[
            f("exophone", TEXT, Location::Query, true),
            f("trunk_sid", TEXT, Location::Query, false),
        ],
        ResultSpec::OneOrList("PhoneNumber"),
    ),
    endpoint(
        "unmap_phone_number",
        Method::Delete,
        "/trunks/{trunk_sid}/phone-numbers",
        &[TRUNK, f("id", TEXT, Location::Query, true)],
        ResultSpec::Single("PhoneNumber"),
    ),
    endpoint(
        "update_whitelisted_ip",
        Method::Put,
        "/trunks/{trunk_sid}/whitelisted-ips/{id}",
        &[
            TRUNK,
            f("id", TEXT, Location::Path, true),
            f("ip", TEXT, Location::Body, true),
            f("mask", INT, Location::Body, false),
        ],
        ResultSpec::Single("WhitelistedIp"),
    ),
    endpoint(
        "remove_whitelisted_ip",
        Method::Delete,
        "/trunks/{trunk_sid}/whitelisted-ips",
        &[TRUNK, f("id", TEXT, Location::Query, true)],
        ResultSpec::Single("WhitelistedIp"),
    ),
    endpoint(
        "update_destination",
        Method::Put,
        "/trunks/{trunk_sid}/destination-uris/{id}",
        &[
            TRUNK,
            f("id", TEXT, Location::Path, true),
            f("priority", INT, Location::Body, false),
            f("weight", INT, Location::Body, false),
        ],
        ResultSpec::Single("DestinationUri"),
    ),
    endpoint(
        "remove_destination",
        Method::Delete,
        "/trunks/{trunk_sid}/destination-uris",
        &[TRUNK, f("id", TEXT, Location::Query, true)],
        ResultSpec::Single("DestinationUri"),
    ),
    endpoint(
        "list_trunk_settings",
        Method::Get,
        "/trunks/{trunk_sid}/settings",
        &[TRUNK, OFFSET, PAGE_SIZE],
        ResultSpec::Page {
            item: "TrunkSetting",
            page: "TrunkSettingPage",
        },
    ),
    endpoint(
        "remove_trunk_setting",
        Method::Delete,
        "/trunks/{trunk_sid}/settings",
        &[TRUNK, f("name", TEXT, Location::Query, true)],
        ResultSpec::Single("TrunkSetting"),
    ),
    endpoint(
        "create_credential",
        Method::Post,
        "/trunks/{trunk_sid}/credentials",
        &[
            TRUNK,
            f("user_name", TEXT, Location::Body, true),
            PASSWORD,
            f("friendly_name", TEXT, Location::Body, false),
        ],
        ResultSpec::Single("Credential"),
    ),
    endpoint(
        "list_credentials",
        Method::Get,
        "/trunks/{trunk_sid}/credentials",
        &[
            TRUNK,
            OFFSET,
            PAGE_SIZE,
            f("id", TEXT, Location::Query, false),
        ],
        ResultSpec::Page {
            item: "Credential",
            page: "CredentialPage",
        },
    ),
    endpoint(
        "update_credential",
        Method::Put,
        "/trunks/{trunk_sid}/credentials/{id}",
        &[
            TRUNK,
            f("id", TEXT, Location::Path, true),
            f("user_name", TEXT, Location::Body, false),
            FieldSpec {
                required: false,
                ..PASSWORD
            },
            f("friendly_name", TEXT, Location::Body, false),
        ],
        ResultSpec::Single("Credential"),
    ),
    endpoint(
        "delete_credential",
        Method::Delete,
        "/trunks/{trunk_sid}/credentials",
        &[TRUNK, f("id", TEXT, Location::Query, true)],
        ResultSpec::Single("Credential"),
    ),
];

#[test]
fn the_format_expresses_every_call_of_the_whole_api() {
    assert_eq!(FULL_API.len(), 14);
    for op in FULL_API {
        assert_eq!(catalog::check(op), Ok(()));
        // Each serializes into the catalog's JSON form.
        let json = serde_json::to_value(op).unwrap_or(Value::Null);
        assert_eq!(json["name"], op.name);
        assert_eq!(json["http"]["auth"], "basic_or_bearer");
    }
    // What the format must say, said: account-level paths, the id of a DELETE in
    // its query, an object-or-list answer, a secret input.
    let by_name = |n: &str| FULL_API.iter().find(|op| op.name == n);
    let lookup = by_name("lookup_trunk_map").map(|op| (op.http, op.result));
    assert!(matches!(
        lookup,
        Some((
            Some(HttpSpec {
                path: "/trunk-maps",
                ..
            }),
            ResultSpec::OneOrList(_)
        ))
    ));
    let unmap = by_name("unmap_phone_number").map(|op| op.fields);
    assert!(unmap.is_some_and(|fs| fs
        .iter()
        .any(|f| f.name == "id" && f.location == Location::Query)));
    let secret = serde_json::to_value(PASSWORD).unwrap_or(Value::Null);
    assert_eq!(secret["secret"], true);
}

#[test]
fn the_rules_refuse_what_the_api_forbids() {
    // A secret in the query.
    let leaky = endpoint(
        "leaky",
        Method::Get,
        "/trunks/{trunk_sid}/credentials",
        &[
            TRUNK,
            FieldSpec {
                location: Location::Query,
                ..PASSWORD
            },
        ],
        ResultSpec::Json,
    );
    assert!(catalog::check(&leaky).is_err_and(|e| e.contains("URL")));
    // A placeholder without its field, and a path field missing from the path.
    let orphan = endpoint(
        "orphan",
        Method::Get,
        "/trunks/{trunk_sid}",
        &[],
        ResultSpec::Json,
    );
    assert!(catalog::check(&orphan).is_err_and(|e| e.contains("placeholder")));
    let stray = endpoint("stray", Method::Get, "/trunks", &[TRUNK], ResultSpec::Json);
    assert!(catalog::check(&stray).is_err_and(|e| e.contains("not in the path")));
    // A POST declared idempotent.
    let mut post = endpoint("post", Method::Post, "/trunks", &[], ResultSpec::Json);
    if let Some(http) = &mut post.http {
        http.retry = Retry::Idempotent;
    }
    assert!(catalog::check(&post).is_err_and(|e| e.contains("retry")));
    // A paged list without paging fields, and a GET with a body.
    let list = endpoint(
        "list_x",
        Method::Get,
        "/x",
        &[],
        ResultSpec::Page {
            item: "X",
            page: "XPage",
        },
    );
    assert!(catalog::check(&list).is_err_and(|e| e.contains("offset")));
    const BODY: &[FieldSpec] = &[f("x", TEXT, Location::Body, true)];
    let body = endpoint("get_x", Method::Get, "/x", BODY, ResultSpec::Json);
    assert!(catalog::check(&body).is_err_and(|e| e.contains("body")));
}
