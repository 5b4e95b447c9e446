//! Kotlin: the generated regions of `ExotelClient.kt` (suspend functions and
//! `Flow`s) and `JavaFacade.kt` (blocking methods, `CompletableFuture`s and lazy
//! `Iterable`s for Java).

use super::{endpoints, lower_first};
use std::fmt::Write;

use exotel_sip::catalog::{FieldSpec, FieldType, OperationSpec, ResultSpec};

/// `snake_case` → `camelCase`.
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn ty(f: &FieldSpec) -> String {
    let base = match f.ty {
        FieldType::Text => "String",
        FieldType::Integer { .. } => "Int",
        FieldType::Mode => "Mode",
        FieldType::TextList | FieldType::KeyedList(_) => "List<String>",
        FieldType::Settings => "List<SettingInput>",
    };
    if f.required {
        base.to_owned()
    } else {
        format!("{base}? = null")
    }
}

fn value(f: &FieldSpec) -> String {
    let name = camel(f.name);
    match (f.ty, f.required) {
        (FieldType::Integer { .. }, true) => format!("{name}.toUInt()"),
        (FieldType::Integer { .. }, false) => format!("{name}?.toUInt()"),
        _ => name,
    }
}

fn params(fields: &[FieldSpec]) -> String {
    let mut out: Vec<String> = fields
        .iter()
        .map(|f| format!("{}: {}", camel(f.name), ty(f)))
        .collect();
    out.push("options: CallOptions? = null".to_owned());
    out.join(", ")
}

fn args(fields: &[FieldSpec]) -> String {
    let mut out: Vec<String> = fields.iter().map(|f| camel(f.name)).collect();
    out.push("options".to_owned());
    out.join(", ")
}

fn input(op: &OperationSpec) -> String {
    let args: Vec<String> = op
        .fields
        .iter()
        .map(|f| format!("{} = {}", camel(f.name), value(f)))
        .collect();
    format!("{}({})", op.input, args.join(", "))
}

/// A KDoc block: the summary, more docs, each parameter.
fn kdoc(out: &mut String, op: &OperationSpec, summary: &str, indent: &str) {
    let _ = writeln!(out, "{indent}/**");
    let _ = writeln!(out, "{indent} * {summary}");
    if !op.doc.is_empty() {
        let _ = writeln!(out, "{indent} *\n{indent} * {}", op.doc);
    }
    let _ = writeln!(out, "{indent} *");
    for f in op.fields {
        let default = f
            .default
            .map(|d| format!(" Default: `{d}`."))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{indent} * @param {} {}{default}",
            camel(f.name),
            f.doc
        );
    }
    let _ = writeln!(
        out,
        "{indent} * @param options this call's deadline and retry policy (default: the client's)."
    );
    let _ = writeln!(out, "{indent} */");
}

fn result_type(result: ResultSpec) -> String {
    match result {
        ResultSpec::Single(m) | ResultSpec::Custom(m) => m.to_owned(),
        ResultSpec::OneOrList(m) => format!("List<{m}>"),
        ResultSpec::Batch { batch, .. } => batch.to_owned(),
        ResultSpec::Page { page, .. } => page.to_owned(),
        ResultSpec::Json => "String".to_owned(),
    }
}

/// The region of `ExotelClient`.
pub fn client() -> String {
    let mut out = String::new();
    for op in endpoints() {
        let p = params(op.fields);
        if let ResultSpec::Page { item, page } = op.result {
            let page_fn = camel(&op.page_name().unwrap_or_default());
            let at = format!("{page_fn}After");
            kdoc(
                &mut out,
                op,
                &format!(
                    "{} A cold [Flow]: pages are fetched as it is collected.",
                    op.summary
                ),
                "    ",
            );
            let _ = writeln!(out, "    fun {}({p}): Flow<{item}> =", camel(op.name));
            let _ = writeln!(
                out,
                "        pages({{ {page_fn}({}).let {{ it.items to it.metadata }} }}, {{ cursor -> {at}(cursor, options).let {{ it.items to it.metadata }} }})\n",
                args(op.fields)
            );
            kdoc(
                &mut out,
                op,
                &format!("One page: {}", lower_first(op.summary)),
                "    ",
            );
            let _ = writeln!(out, "    suspend fun {page_fn}({p}): {page} =");
            let _ = writeln!(
                out,
                "        translating {{ inner.{page_fn}({}, options) }}\n",
                input(op)
            );
            let _ = writeln!(
                out,
                "    /** The page a cursor of the lazy walk points to (see [pages]). */"
            );
            let _ = writeln!(
                out,
                "    internal suspend fun {at}(cursor: PageCursor, options: CallOptions?): {page} =\n        translating {{ inner.{at}(cursor, options) }}\n"
            );
            continue;
        }
        kdoc(&mut out, op, op.summary, "    ");
        let _ = writeln!(
            out,
            "    suspend fun {}({p}): {} =",
            camel(op.name),
            result_type(op.result)
        );
        let _ = writeln!(
            out,
            "        translating {{ inner.{}({}, options) }}\n",
            camel(op.name),
            input(op)
        );
    }
    out
}

/// The region of `ExotelJava`.
pub fn java() -> String {
    let mut out = String::new();
    for op in endpoints() {
        let p = params(op.fields);
        let a = args(op.fields);
        if let ResultSpec::Page { item, page } = op.result {
            let page_fn = camel(&op.page_name().unwrap_or_default());
            let at = format!("{page_fn}After");
            kdoc(
                &mut out,
                op,
                &format!(
                    "{} A lazy [Iterable]: each page is fetched (blocking) when iteration reaches it.",
                    op.summary
                ),
                "    ",
            );
            let _ = writeln!(
                out,
                "    @JvmOverloads\n    fun {}({p}): Iterable<{item}> =",
                camel(op.name)
            );
            let _ = writeln!(
                out,
                "        lazyItems({{ blocking {{ {page_fn}({a}) }}.let {{ it.items to it.metadata }} }}, {{ cursor -> blocking {{ {at}(cursor, options) }}.let {{ it.items to it.metadata }} }})\n"
            );
            for (suffix, wrap, ret) in [
                ("Async", "async", format!("CompletableFuture<{page}>")),
                ("", "blocking", page.to_owned()),
            ] {
                kdoc(
                    &mut out,
                    op,
                    &format!("One page: {}", lower_first(op.summary)),
                    "    ",
                );
                let _ = writeln!(
                    out,
                    "    @JvmOverloads\n    fun {page_fn}{suffix}({p}): {ret} = {wrap} {{ {page_fn}({a}) }}\n"
                );
            }
            continue;
        }
        let name = camel(op.name);
        let result = result_type(op.result);
        for (suffix, wrap, ret) in [
            ("Async", "async", format!("CompletableFuture<{result}>")),
            ("", "blocking", result.clone()),
        ] {
            kdoc(&mut out, op, op.summary, "    ");
            let _ = writeln!(
                out,
                "    @JvmOverloads\n    fun {name}{suffix}({p}): {ret} = {wrap} {{ {name}({a}) }}\n"
            );
        }
    }
    out
}
