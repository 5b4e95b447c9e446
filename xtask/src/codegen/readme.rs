//! The endpoint tables of the package READMEs: every operation of the catalog,
//! under each language's names.

use std::fmt::Write;

use exotel_sip::catalog::{Kind, OperationSpec, ResultSpec, CATALOG};

use super::kotlin::camel;

/// A language's way of writing a call.
#[derive(Clone, Copy)]
pub enum Lang {
    Python,
    Js,
    Kotlin,
}

fn name(lang: Lang, snake: &str) -> String {
    match lang {
        Lang::Python => snake.to_owned(),
        Lang::Js | Lang::Kotlin => camel(snake),
    }
}

fn call(lang: Lang, op: &OperationSpec, method: &str) -> String {
    let required: Vec<&str> = op
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    let optional: Vec<&str> = op
        .fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| f.name)
        .collect();
    match lang {
        Lang::Python => {
            let mut args: Vec<String> = required.iter().map(|s| (*s).to_owned()).collect();
            if !optional.is_empty() {
                args.push("*".to_owned());
                args.extend(optional.iter().map(|s| format!("{s}=None")));
            }
            format!("`{method}({})`", args.join(", "))
        }
        Lang::Kotlin => {
            let mut args: Vec<String> = required.iter().map(|s| camel(s)).collect();
            args.extend(optional.iter().map(|s| format!("{}?", camel(s))));
            format!("`{method}({})`", args.join(", "))
        }
        Lang::Js => match op.fields {
            [only] if only.required && op.kind == Kind::Endpoint => {
                format!("`{method}({})`", camel(only.name))
            }
            _ => {
                let mut args: Vec<String> = required.iter().map(|s| (*s).to_owned()).collect();
                args.extend(optional.iter().map(|s| format!("{s}?")));
                format!("`{method}({{ {} }})`", args.join(", "))
            }
        },
    }
}

fn returns(lang: Lang, result: ResultSpec, lazy: bool) -> String {
    match (result, lazy) {
        (ResultSpec::Page { item, .. }, true) => match lang {
            Lang::Python => format!("lazy iterator of `{item}` (`async for` on `AsyncClient`)"),
            Lang::Js => format!("lazy `for await` of `{item}`"),
            Lang::Kotlin => format!("`Flow<{item}>` (Java: lazy `Iterable`)"),
        },
        (ResultSpec::Page { item, page }, false) => match lang {
            Lang::Js => format!("`Page<{item}>`"),
            _ => format!("`{page}`"),
        },
        (ResultSpec::Single(m) | ResultSpec::Custom(m), _) => format!("`{m}`"),
        (ResultSpec::OneOrList(m), _) => format!("`{m}` list"),
        (ResultSpec::Batch { item, batch }, _) => match lang {
            Lang::Js => format!("`Batch<{item}>`"),
            _ => format!("`{batch}`"),
        },
        (ResultSpec::Json, _) => match lang {
            Lang::Kotlin => "JSON text".to_owned(),
            _ => "parsed JSON".to_owned(),
        },
    }
}

/// The table for one language.
pub fn table(lang: Lang) -> String {
    let mut out = String::from("| call | what it does | returns |\n|---|---|---|\n");
    for op in CATALOG {
        let method = name(lang, op.name);
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            call(lang, op, &method),
            op.summary,
            returns(lang, op.result, true)
        );
        if let Some(page) = op.page_name() {
            let _ = writeln!(
                out,
                "| {} | One page of the list above. | {} |",
                call(lang, op, &name(lang, &page)),
                returns(lang, op.result, false)
            );
        }
    }
    out
}

/// The root README's table: every endpoint with its method, path and fields.
pub fn reference() -> String {
    let mut out = String::from(
        "| operation | method and path (under `/v2/accounts/{account_sid}`) | input | result |\n|---|---|---|---|\n",
    );
    for op in CATALOG.iter().filter(|op| op.kind == Kind::Endpoint) {
        let Some(http) = &op.http else { continue };
        let query: Vec<String> = op
            .fields
            .iter()
            .filter(|f| f.location == exotel_sip::catalog::Location::Query && f.required)
            .map(|f| format!("{}={{{}}}", f.name, f.name))
            .collect();
        let path = if query.is_empty() {
            http.path.to_owned()
        } else {
            format!("{}?{}", http.path, query.join("&"))
        };
        let fields: Vec<String> = op
            .fields
            .iter()
            .map(|f| match f.default {
                Some(d) => format!("`{}` (default `{d}`)", f.name),
                None if f.required => format!("`{}`", f.name),
                None => format!("`{}`?", f.name),
            })
            .collect();
        let result = match op.result {
            ResultSpec::Single(m) | ResultSpec::Custom(m) => format!("`{m}`"),
            ResultSpec::OneOrList(m) => format!("`{m}` or a list"),
            ResultSpec::Batch { item, .. } => format!("`Batch<{item}>` (207 per item)"),
            ResultSpec::Page { item, .. } => format!("`Page<{item}>`"),
            ResultSpec::Json => "raw JSON".to_owned(),
        };
        let _ = writeln!(
            out,
            "| `{}` | `{} {path}` | {} | {result} |",
            op.name,
            http.method.as_str(),
            fields.join(", ")
        );
    }
    out
}
