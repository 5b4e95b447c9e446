//! `cargo run --bin uniffi-bindgen -- generate --library <lib> --config uniffi.toml ...`
fn main() {
    uniffi::uniffi_bindgen_main()
}
