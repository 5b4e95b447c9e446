//! The in-process sandbox for the npm package's `exotel-sip/testing` entry: the
//! sandbox handler (`sandbox/handler`) in its own small wasm module, so the main
//! entry costs nothing extra for users who never import it. The JS side turns it
//! into a transport (`begin`, wait any latency, `finish`), exactly as the Rust
//! `InProcessTransport` does.
#![cfg(target_arch = "wasm32")]

use exotel_sip::Header;
use exotel_sip_sandbox::{
    target_of, Delivery, Outcome, Sandbox, SandboxConfig, SandboxRequest, Ticket, DEFAULT_EPOCH_MS,
};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

/// One sandbox: its state lives in this wasm instance.
#[wasm_bindgen]
pub struct SandboxHandle {
    sandbox: Sandbox,
}

fn str_field<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

#[wasm_bindgen]
impl SandboxHandle {
    /// A sandbox with this configuration (JSON; missing keys take the defaults).
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str) -> Result<SandboxHandle, JsValue> {
        let config: SandboxConfig = if config.trim().is_empty() {
            SandboxConfig::default()
        } else {
            serde_json::from_str(config).map_err(|e| JsValue::from(e.to_string()))?
        };
        Ok(SandboxHandle {
            sandbox: Sandbox::new(config),
        })
    }

    /// The deterministic wall-clock start of in-process sandboxes (ms since the epoch).
    #[wasm_bindgen(js_name = defaultEpochMs)]
    pub fn default_epoch_ms() -> f64 {
        DEFAULT_EPOCH_MS as f64
    }

    /// Starts handling a request (JSON: `method`, `url`, `headers` as `[name, value]`
    /// pairs, `body`). Returns JSON: `{"ticket", "action": "respond"|"drop",
    /// "status", "headers", "body", "delay_ms"}`.
    pub fn begin(&self, now_ms: f64, request: &str) -> String {
        let request: Value = serde_json::from_str(request).unwrap_or(Value::Null);
        let headers = request
            .get("headers")
            .and_then(Value::as_array)
            .map(|pairs| {
                pairs
                    .iter()
                    .filter_map(|pair| {
                        let name = pair.get(0)?.as_str()?;
                        let value = pair.get(1)?.as_str()?;
                        Some(Header::new(name, value))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let sandbox_request = SandboxRequest {
            method: str_field(&request, "method").to_owned(),
            target: target_of(str_field(&request, "url")),
            headers,
            body: str_field(&request, "body").to_owned(),
        };
        let now = if now_ms.is_finite() && now_ms > 0.0 {
            now_ms as u64
        } else {
            0
        };
        let (Ticket(ticket), outcome) = self.sandbox.begin(now, &sandbox_request);
        match outcome {
            Outcome::Respond { response, delay_ms } => {
                let headers: Vec<(String, String)> = response
                    .headers
                    .into_iter()
                    .map(|h| (h.name, h.value))
                    .collect();
                json!({
                    "ticket": ticket,
                    "action": "respond",
                    "status": response.status,
                    "headers": headers,
                    "body": response.body,
                    "delay_ms": delay_ms,
                })
            }
            Outcome::Drop | Outcome::ApplyThenDrop => json!({
                "ticket": ticket,
                "action": "drop",
            }),
        }
        .to_string()
    }

    /// Records how an exchange ended: `completed`, `dropped` or `client_closed`.
    pub fn finish(&self, ticket: f64, delivery: &str) {
        let delivery = match delivery {
            "completed" => Delivery::Completed,
            "dropped" => Delivery::Dropped,
            _ => Delivery::ClientClosed,
        };
        self.sandbox.finish(Ticket(ticket as u64), delivery);
    }
}
