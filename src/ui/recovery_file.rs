//! The sheet of recovery codes that `recoveryCodesText`, `downloadRecoveryCodes` and
//! `printRecoveryCodes` (ts/ui/recovery-codes.ts) write, save or print: the codes checked (no
//! line breaks that could forge lines of the file), the title, the text and the file name.

use super::invalid;
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use js_sys::Array;
use mfa_core::Reason;
use wasm_bindgen::prelude::*;

/// What goes in the file and on paper.
struct Sheet {
    title: String,
    codes: Vec<String>,
    issuer: Option<String>,
}

const HOW_TO: [&str; 2] = [
    "Each code signs you in once if you lose access to your second factor.",
    "Keep them somewhere safe, such as a password manager: anyone with them can sign in as you.",
];

/// Recovery codes from any server: 1 to 100 codes of 1 to 64 printable ASCII characters (no
/// line breaks that could forge lines of the file). The labels: at most 256 characters, no
/// control characters.
fn parse(
    codes: &JsValue,
    issuer: Option<String>,
    account: Option<String>,
) -> Result<Sheet, JsValue> {
    if !Array::is_array(codes) {
        return Err(super::wrong_type("codes", "expected an array of strings"));
    }
    let array = Array::from(codes);
    if array.length() == 0 || array.length() > 100 {
        return Err(invalid(
            "codes",
            Reason::InvalidLength,
            "expected 1 to 100 codes",
        ));
    }
    let codes = array
        .iter()
        .map(|code| match code.as_string() {
            Some(c) if (1..=64).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_graphic()) => {
                Ok(c)
            }
            Some(_) => Err(invalid(
                "codes",
                Reason::InvalidCharacter,
                "a code is empty, too long or not printable ASCII",
            )),
            None => Err(super::wrong_type("codes", "expected an array of strings")),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let label = |value: Option<String>, field: &'static str| -> Result<Option<String>, JsValue> {
        match value {
            Some(s) if s.chars().count() > 256 || s.chars().any(char::is_control) => Err(invalid(
                field,
                Reason::InvalidCharacter,
                "at most 256 characters, no control characters",
            )),
            other => Ok(other),
        }
    };
    let (issuer, account) = (label(issuer, "issuer")?, label(account, "account")?);
    let mut title = match &issuer {
        Some(issuer) => [issuer, " recovery codes"].concat(),
        None => "Recovery codes".to_owned(),
    };
    if let Some(account) = &account {
        title.push_str(" for ");
        title.push_str(account);
    }
    Ok(Sheet {
        title,
        codes,
        issuer,
    })
}

impl Sheet {
    fn text(&self) -> String {
        let mut lines = vec![self.title.as_str(), ""];
        lines.extend(HOW_TO);
        lines.push("");
        lines.extend(self.codes.iter().map(String::as_str));
        lines.push("");
        lines.join("\r\n")
    }

    /// `acme-co-recovery-codes.txt`: the issuer in lower-case ASCII letters, digits and dashes.
    fn file_name(&self) -> String {
        let slug: String = self
            .issuer
            .as_deref()
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect();
        let slug = slug
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let slug: String = slug.chars().take(40).collect();
        if slug.is_empty() {
            "recovery-codes.txt".into()
        } else {
            slug + "-recovery-codes.txt"
        }
    }
}

/// The sheet of `codes`: `[title, text, fileName, howTo, codes]`, where `text` is the file's
/// content (CRLF lines), `howTo` the two lines of instructions and `codes` a copy of the checked
/// codes (so the caller's array cannot change before a print).
#[wasm_bindgen(unchecked_return_type = "[string, string, string, string[], string[]]")]
pub fn recovery_sheet(
    #[wasm_bindgen(unchecked_param_type = "unknown")] codes: JsValue,
    issuer: Option<String>,
    account: Option<String>,
) -> Result<Array, JsValue> {
    let sheet = parse(&codes, issuer, account)?;
    let strings =
        |items: &mut dyn Iterator<Item = &str>| -> Array { items.map(JsValue::from_str).collect() };
    let out = Array::new();
    out.push(&sheet.title.as_str().into());
    out.push(&sheet.text().into());
    out.push(&sheet.file_name().into());
    out.push(&strings(&mut HOW_TO.iter().copied()).into());
    out.push(&strings(&mut sheet.codes.iter().map(String::as_str)).into());
    Ok(out)
}
