//! Rust: the generated region of the core `Client` (one method and its `_with`
//! twin per endpoint) and of the UniFFI client objects (`bindings-python/src/lib.rs`,
//! inside the `endpoints!` macro that writes both the async and the blocking client).

use super::{endpoints, lower_first};
use std::fmt::Write;

use exotel_sip::catalog::{OperationSpec, ResultSpec};

fn doc(out: &mut String, indent: &str, op: &OperationSpec, summary: &str) {
    let _ = writeln!(out, "{indent}/// {summary}");
    if !op.doc.is_empty() {
        let _ = writeln!(out, "{indent}///\n{indent}/// {}", op.doc);
    }
}

/// The region of `impl Client` in `core/src/client.rs` (rustfmt-formatted by the caller).
pub fn client() -> String {
    let mut out = String::new();
    for op in endpoints() {
        let name = op.name;
        let input = op.input;
        if let ResultSpec::Page { item, .. } = op.result {
            let page = op.page_name().unwrap_or_default();
            doc(
                &mut out,
                "    ",
                op,
                &format!("One page: {}", lower_first(op.summary)),
            );
            let _ = writeln!(
                out,
                "    pub fn {page}<'a>(&'a self, query: &'a ListQuery) -> impl Future<Output = Result<Page<{item}>, Error>> + 'a {{ self.page(query, &DEFAULT_OPTIONS) }}\n"
            );
            let _ = writeln!(
                out,
                "    /// [`Client::{page}`] with per-call options.\n    pub fn {page}_with<'a>(&'a self, query: &'a ListQuery, options: &'a CallOptions) -> impl Future<Output = Result<Page<{item}>, Error>> + 'a {{ self.page(query, options) }}\n"
            );
            doc(
                &mut out,
                "    ",
                op,
                &format!(
                    "{} A lazy walk: each page is read when it is needed.",
                    op.summary
                ),
            );
            let _ = writeln!(
                out,
                "    pub fn {name}(&self, query: ListQuery) -> Pages<'_, T, C, E, {item}> {{ self.pages(query) }}\n"
            );
            let _ = writeln!(
                out,
                "    /// [`Client::{name}`] with per-call options for every page request.\n    pub fn {name}_with(&self, query: ListQuery, options: CallOptions) -> Pages<'_, T, C, E, {item}> {{ self.pages_with(query, options) }}\n"
            );
            continue;
        }
        doc(&mut out, "    ", op, op.summary);
        let _ = writeln!(
            out,
            "    pub fn {name}<'a>(&'a self, input: &'a {input}) -> impl Future<Output = Result<<{input} as Operation>::Output, Error>> + 'a {{ self.execute(input) }}\n"
        );
        let _ = writeln!(
            out,
            "    /// [`Client::{name}`] with per-call options.\n    pub fn {name}_with<'a>(&'a self, input: &'a {input}, options: &'a CallOptions) -> impl Future<Output = Result<<{input} as Operation>::Output, Error>> + 'a {{ self.execute_with(input, options) }}\n"
        );
    }
    out
}

fn host_type(result: ResultSpec) -> String {
    match result {
        ResultSpec::Single(m) | ResultSpec::Custom(m) => m.to_owned(),
        ResultSpec::OneOrList(m) => format!("Vec<{m}>"),
        ResultSpec::Batch { batch, .. } => batch.to_owned(),
        ResultSpec::Page { page, .. } => page.to_owned(),
        ResultSpec::Json => "String".to_owned(),
    }
}

/// The region inside the `endpoints!` macro of `bindings-python/src/lib.rs`.
pub fn ffi() -> String {
    let mut out = String::new();
    for op in endpoints() {
        let ret = host_type(op.result);
        if let ResultSpec::Page { item, .. } = op.result {
            let page = op.page_name().unwrap_or_default();
            doc(
                &mut out,
                "            ",
                op,
                &format!("One page: {}", lower_first(op.summary)),
            );
            let _ = writeln!(
                out,
                "            pub $($kw)? fn {page}(&self, query: ListQuery, options: Option<CallOptions>) -> Result<{ret}, Error> {{\n                $run!(self.inner.{page}_with(&query, &opts(options))).map(IntoHost::into_host)\n            }}\n"
            );
            let _ = writeln!(
                out,
                "            /// The page a cursor of [`next_page_cursor`] points to (lazy walks).\n            pub $($kw)? fn {page}_after(&self, cursor: PageCursor, options: Option<CallOptions>) -> Result<{ret}, Error> {{\n                $run!(self.inner.page_after::<{item}>(&cursor, &opts(options))).map(IntoHost::into_host)\n            }}\n"
            );
            continue;
        }
        doc(&mut out, "            ", op, op.summary);
        let _ = writeln!(
            out,
            "            pub $($kw)? fn {name}(&self, input: {input}, options: Option<CallOptions>) -> Result<{ret}, Error> {{\n                $run!(self.inner.{name}_with(&input, &opts(options))).map(IntoHost::into_host)\n            }}\n",
            name = op.name,
            input = op.input
        );
    }
    out
}

fn reader_name(input: &str) -> String {
    let mut out = String::from("read_");
    for (i, c) in input.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The region of `bindings-js/src/lib.rs`: a reader per input type (JSON object →
/// core input) and the dispatch of every endpoint by name.
pub fn wasm() -> String {
    use exotel_sip::catalog::FieldType;
    let mut out = String::new();
    let mut seen: Vec<&str> = Vec::new();
    for op in endpoints() {
        if seen.contains(&op.input) {
            continue;
        }
        seen.push(op.input);
        let _ = writeln!(
            out,
            "/// Reads a `{}` from the wrapper's JSON object.\nfn {}(o: &Obj) -> Result<{}, Error> {{\n    Ok({} {{",
            op.input,
            reader_name(op.input),
            op.input,
            op.input
        );
        for f in op.fields {
            let n = f.name;
            let value = match (f.ty, f.required) {
                (FieldType::Text, true) => format!("o.string(\"{n}\")?"),
                (FieldType::Text, false) => format!("o.opt_str(\"{n}\")?"),
                (FieldType::Integer { .. }, true) => {
                    format!("o.opt_u32(\"{n}\")?.unwrap_or_default()")
                }
                (FieldType::Integer { .. }, false) => format!("o.opt_u32(\"{n}\")?"),
                // An absent required mode is reported by the core's validation (`one_of`).
                (FieldType::Mode, true) => format!("o.mode(\"{n}\")?.unwrap_or(Mode::Unset)"),
                (FieldType::Mode, false) => format!("o.mode(\"{n}\")?"),
                (FieldType::TextList | FieldType::KeyedList(_), _) => {
                    format!("o.strings(\"{n}\")?")
                }
                (FieldType::Settings, _) => format!("o.settings(\"{n}\")?"),
            };
            let _ = writeln!(out, "        {n}: {value},");
        }
        out.push_str("    })\n}\n\n");
    }
    out.push_str(
        "/// Endpoint `op` read from its input, type-erased (`None` if `op` is not an\n/// endpoint: it is left to the custom helpers).\nfn endpoint(op: &str, i: &Obj) -> Option<Result<Box<dyn ErasedOperation>, Error>> {\n    let operation = match op {\n",
    );
    for op in endpoints() {
        let read = reader_name(op.input);
        match op.result {
            ResultSpec::Page { item, .. } => {
                let resource = op.name.strip_prefix("list_").unwrap_or(op.name);
                let _ = writeln!(
                    out,
                    "        \"{}\" => {read}(i).map(|query| erase(List::<{item}>::new(query))),",
                    op.name
                );
                let _ = writeln!(
                    out,
                    "        \"follow_{resource}\" => cursor(i).and_then(|c| c.page::<{item}>()).map(erase),"
                );
            }
            ResultSpec::Json => {
                let _ = writeln!(out, "        \"{}\" => {read}(i).map(erase_raw),", op.name);
            }
            _ => {
                let _ = writeln!(out, "        \"{}\" => {read}(i).map(erase),", op.name);
            }
        }
    }
    out.push_str("        _ => return None,\n    };\n    Some(operation)\n}\n");
    out
}

/// The region of `cli/src/call.rs`: every endpoint's input read from its flags,
/// run, and its result as JSON.
pub fn cli() -> String {
    use exotel_sip::catalog::FieldType;
    let mut out = String::from(
        "/// Runs endpoint `name` with the inputs its flags give; its result as JSON.\npub(crate) async fn dispatch(client: &NativeClient, name: &str, m: &ArgMatches) -> Result<String, Failure> {\n    Ok(match name {\n",
    );
    for op in endpoints() {
        let mut fields = String::new();
        for f in op.fields {
            let n = f.name;
            let value = match (f.ty, f.required) {
                (FieldType::Text, true) => format!("text(m, \"{n}\")"),
                (FieldType::Text, false) => format!("opt_text(m, \"{n}\")"),
                (FieldType::Integer { .. }, true) => {
                    format!("opt_int(m, \"{n}\").unwrap_or_default()")
                }
                (FieldType::Integer { .. }, false) => format!("opt_int(m, \"{n}\")"),
                (FieldType::Mode, true) => format!("opt_mode(m, \"{n}\").unwrap_or(Mode::Unset)"),
                (FieldType::Mode, false) => format!("opt_mode(m, \"{n}\")"),
                (FieldType::TextList | FieldType::KeyedList(_), _) => format!("texts(m, \"{n}\")"),
                (FieldType::Settings, _) => format!("settings(m, \"{n}\")"),
            };
            let _ = write!(fields, "{n}: {value}, ");
        }
        let input = format!("{} {{ {fields}}}", op.input);
        let call = match op.result {
            ResultSpec::Page { .. } => op.page_name().unwrap_or_default(),
            _ => op.name.to_owned(),
        };
        let _ = writeln!(
            out,
            "        \"{}\" => pretty(&client.{call}(&{input}).await?),",
            op.name
        );
    }
    out.push_str(
        "        other => return Err(Failure::Other(format!(\"unknown operation {other}\"))),\n    })\n}\n",
    );
    out
}

/// The UniFFI records of the paged and batch results in `bindings-python/src/lib.rs`
/// (UniFFI has no generic records): one per record name of the catalog, with its
/// `From` impl and its `IntoHost` line.
pub fn ffi_types() -> String {
    let mut out = String::new();
    let mut into_host = String::new();
    let mut seen: Vec<&str> = Vec::new();
    for op in endpoints() {
        let (record, item, page) = match op.result {
            ResultSpec::Page { item, page } => (page, item, true),
            ResultSpec::Batch { item, batch } => (batch, item, false),
            _ => continue,
        };
        if seen.contains(&record) {
            continue;
        }
        seen.push(record);
        let (summary, items, metadata, core) = if page {
            (
                format!("One page: {}", lower_first(op.summary)),
                "Items in server order.",
                ("PageMetadata", "Pagination metadata."),
                format!("Page<{item}>"),
            )
        } else {
            (
                format!("What one `{}` call made (every item succeeded).", op.name),
                "Items in request order.",
                ("BatchMetadata", "Counts reported by the server."),
                format!("exotel_sip::Batch<{item}>"),
            )
        };
        let (meta_type, meta_doc) = metadata;
        let _ = writeln!(
            out,
            "/// {summary}\n#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]\npub struct {record} {{\n    /// {items}\n    pub items: Vec<{item}>,\n    /// {meta_doc}\n    pub metadata: {meta_type},\n}}\n\nimpl From<{core}> for {record} {{\n    fn from(r: {core}) -> Self {{\n        {record} {{ items: r.items, metadata: r.metadata }}\n    }}\n}}\n"
        );
        let _ = writeln!(into_host, "    {core} => {record},");
    }
    let _ = write!(out, "into_host_via_from! {{\n{into_host}}}\n");
    out
}
