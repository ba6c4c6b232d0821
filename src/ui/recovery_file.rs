//! Saving recovery codes: `recoveryCodesText`, `downloadRecoveryCodes` (a `.txt` file from a
//! Blob) and `printRecoveryCodes` (a hidden iframe holding only the codes). Nothing is stored,
//! logged or put in a URL other than a `blob:` URL revoked right after use.

use super::invalid;
use crate::js::{opt_string, Options};
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use js_sys::{Array, JsString, Promise};
use mfa_core::Reason;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_RECOVERY_FILE: &str = r##"
/**
 * Options of `recoveryCodesText`, `downloadRecoveryCodes` and `printRecoveryCodes`.
 * @example const options: RecoveryCodesOptions = { issuer: "ACME Co", account: "alice@example.com" };
 */
export interface RecoveryCodesOptions {
  /** The service, shown in the title and used in the file name. */
  issuer?: string;
  /** The account, e.g. an email address, shown in the title. */
  account?: string;
}

/**
 * The text of the recovery codes file: a title, how to use the codes, one code per line (CRLF).
 * @example copyText(recoveryCodesText(state.recoveryCodes, { issuer: "ACME Co" }));
 */
export function recoveryCodesText(codes: readonly string[], options?: RecoveryCodesOptions): string;

/**
 * Saves the codes as a `.txt` file (`acme-co-recovery-codes.txt`) through a Blob and an object
 * URL that is revoked right after the click. Call it from a click.
 * @example downloadButton.onclick = () => downloadRecoveryCodes(state.recoveryCodes, { issuer: "ACME Co", account: email });
 */
export function downloadRecoveryCodes(codes: readonly string[], options?: RecoveryCodesOptions): void;

/**
 * Prints only the codes: they go into a hidden iframe, which is printed and then removed. The
 * Promise settles once the print dialog has closed and the iframe is gone.
 * @example printButton.onclick = () => printRecoveryCodes(state.recoveryCodes, { issuer: "ACME Co" });
 */
export function printRecoveryCodes(codes: readonly string[], options?: RecoveryCodesOptions): Promise<void>;
"##;

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
/// line breaks that could forge lines of the file).
fn parse(codes: &JsValue, options: &JsValue) -> Result<Sheet, JsValue> {
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
    let opts = Options::new(options, "options")?;
    let label = |field: &'static str| -> Result<Option<String>, JsValue> {
        match opt_string(&opts.get(field), field)? {
            Some(s) if s.chars().count() > 256 || s.chars().any(char::is_control) => Err(invalid(
                field,
                Reason::InvalidCharacter,
                "at most 256 characters, no control characters",
            )),
            other => Ok(other),
        }
    };
    let (issuer, account) = (label("issuer")?, label("account")?);
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

/// `recoveryCodesText(codes, { issuer?, account? })`.
#[wasm_bindgen(js_name = recoveryCodesText, skip_typescript)]
pub fn recovery_codes_text(codes: JsValue, options: JsValue) -> Result<JsString, JsValue> {
    Ok(parse(&codes, &options)?.text().into())
}

/// `downloadRecoveryCodes(codes, { issuer?, account? })`: checked and written here, saved by
/// dom.js.
#[wasm_bindgen(js_name = downloadRecoveryCodes, skip_typescript)]
pub fn download_recovery_codes(codes: JsValue, options: JsValue) -> Result<(), JsValue> {
    let sheet = parse(&codes, &options)?;
    super::dom::download_text(&sheet.text(), &sheet.file_name())
}

/// `printRecoveryCodes(codes, { issuer?, account? })`: checked here (the codes copied, so the
/// caller's array cannot change before the print), printed by dom.js.
#[wasm_bindgen(js_name = printRecoveryCodes, skip_typescript)]
pub fn print_recovery_codes(codes: JsValue, options: JsValue) -> Promise {
    match parse(&codes, &options) {
        Ok(sheet) => {
            let lines: Array = HOW_TO.iter().map(|l| JsValue::from_str(l)).collect();
            let codes: Array = sheet.codes.iter().map(|c| JsValue::from_str(c)).collect();
            super::dom::print_sheet(&sheet.title, &lines, &codes)
        }
        Err(err) => Promise::reject(&err),
    }
}
