//! Reading typed models out of the server's JSON.
//!
//! Written over [`serde_json::Value`] instead of derived `Deserialize` impls: a
//! derived visitor per model (and serde's error formatting, floats included)
//! cost the npm package about 40 KB of WebAssembly. The server's looseness is
//! spelled out once here: an absent field and `null` mean the same, unknown
//! fields are ignored, and a present field of the wrong type is a decode error.
//! The models' `Serialize` impls write the same names (a test round-trips them).

use serde_json::{Map, Value};

use crate::error::Error;

/// A model that can be read from the server's JSON object.
pub trait FromWire: Sized {
    /// Reads the model from the fields of one JSON object.
    fn from_wire(fields: &Fields<'_>) -> Result<Self, String>;
}

/// The fields of one JSON object, read by name.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a>(&'a Map<String, Value>);

impl<'a> Fields<'a> {
    /// The fields of `value`, which must be an object.
    pub fn of(value: &'a Value) -> Result<Self, String> {
        match value {
            Value::Object(map) => Ok(Fields(map)),
            _ => Err("expected a JSON object".to_owned()),
        }
    }

    /// A field's value; `null` reads as absent.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    /// A field that must be present and a string.
    pub fn string(&self, key: &str) -> Result<String, String> {
        self.opt_string(key)?
            .ok_or_else(|| format!("missing field `{key}`"))
    }

    /// An optional string field.
    pub fn opt_string(&self, key: &str) -> Result<Option<String>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(wrong_type(key, "a string")),
        }
    }

    /// An optional integer field within `0..=u32::MAX`.
    pub fn opt_u32(&self, key: &str) -> Result<Option<u32>, String> {
        self.get(key)
            .map(|v| {
                v.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| wrong_type(key, "an integer from 0 to 4294967295"))
            })
            .transpose()
    }

    /// An optional signed 64-bit integer field.
    pub fn opt_i64(&self, key: &str) -> Result<Option<i64>, String> {
        self.get(key)
            .map(|v| {
                v.as_i64()
                    .ok_or_else(|| wrong_type(key, "a 64-bit integer"))
            })
            .transpose()
    }

    /// An optional object field read as a model.
    pub fn opt_model<T: FromWire>(&self, key: &str) -> Result<Option<T>, String> {
        self.get(key)
            .map(|v| {
                Fields::of(v)
                    .and_then(|f| T::from_wire(&f))
                    .map_err(|e| format!("{key}: {e}"))
            })
            .transpose()
    }
}

fn wrong_type(key: &str, want: &str) -> String {
    format!("field `{key}` must be {want}")
}

/// Reads a model from a JSON value, as [`Error::Decode`] on mismatch.
pub fn decode<T: FromWire>(value: &Value, status: u16) -> Result<T, Error> {
    Fields::of(value)
        .and_then(|fields| T::from_wire(&fields))
        .map_err(|detail| Error::Decode {
            status,
            snippet: String::new(),
            detail: format!("unexpected resource shape: {detail}"),
        })
}
