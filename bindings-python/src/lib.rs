//! UniFFI surface of exotel-sip, shared by the Python and Kotlin packages.
//!
//! Thin forwarding only: every model, rule and error lives in the core crate,
//! whose types UniFFI exports from their own namespace (`exotel_sip_core`).

uniffi::setup_scaffolding!();

/// The SDK version (one source: the workspace manifest).
#[uniffi::export]
pub fn sdk_version() -> String {
    exotel_sip::SDK_VERSION.to_owned()
}

/// The wire name of a validation rule id, so hosts can compare without magic strings.
#[uniffi::export]
pub fn error_kind_name(kind: exotel_sip::ErrorKind) -> String {
    kind.as_str().to_owned()
}
