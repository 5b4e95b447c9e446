//! Keeps secrets out of every string the SDK produces.

/// What an `Authorization` value is replaced with in any string form.
pub const REDACTED_AUTHORIZATION: &str = "Basic [REDACTED]";
/// What a secret found inside text is replaced with.
pub const REDACTED: &str = "[REDACTED]";

/// Replaces every known secret (the token, `key:token` and its base64 form) in a text.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    /// A redactor for these secrets; empty strings are ignored.
    pub fn new(secrets_in: impl IntoIterator<Item = String>) -> Self {
        // Longest first, so a secret that contains another is replaced whole
        // (a handful of secrets: an insertion beats linking a sort).
        let mut secrets: Vec<String> = Vec::new();
        for secret in secrets_in.into_iter().filter(|s| !s.is_empty()) {
            let at = secrets
                .iter()
                .position(|s| s.len() < secret.len())
                .unwrap_or(secrets.len());
            secrets.insert(at, secret);
        }
        Redactor { secrets }
    }

    /// The text with every secret replaced by `[REDACTED]`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        out
    }
}

impl Redactor {
    /// Replaces every secret in `text` (allocating only when one is there).
    pub fn redact_in_place(&self, text: &mut String) {
        if self.secrets.iter().any(|s| text.contains(s.as_str())) {
            *text = self.redact(text);
        }
    }
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

/// A short, printable excerpt of a body for error messages: control characters
/// become spaces, at most `max_chars` characters are kept, secrets are redacted.
pub fn snippet(body: &str, max_chars: usize, redactor: &Redactor) -> String {
    let redacted = redactor.redact(body);
    let mut out: String = redacted
        .chars()
        .take(max_chars)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if redacted.chars().count() > max_chars {
        out.push('…');
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_longest_secret_first() {
        let r = Redactor::new(["tok".to_owned(), "key:tok".to_owned()]);
        assert_eq!(r.redact("a key:tok b tok"), "a [REDACTED] b [REDACTED]");
    }

    #[test]
    fn snippet_shortens_and_cleans() {
        let r = Redactor::new(["s3cret".to_owned()]);
        assert_eq!(snippet("<html>\ns3cret</html>", 14, &r), "<html> [REDACT…");
        assert_eq!(snippet("", 10, &r), "");
    }
}
