//! The TypeScript API of the package (`ts/**/*.ts`, bundled with the glue; and the Rust side's JS
//! snippet, `src/error.js`) creates MfaErrors with
//! the one vocabulary: the code of every `fail("code", ...)` is an `mfa_core::ErrorCode`, and
//! every snake_case string literal in it is a code, a `mfa_core::Reason`, or a name the flows
//! give their states and actions (listed below, each from the declarations they are part of).
#![cfg(not(target_arch = "wasm32"))]

use mfa_core::{ErrorCode, Reason};
use std::fs;
use std::path::Path;

fn js_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            js_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "ts" || e == "js") {
            out.push(path);
        }
    }
}

/// The double-quoted string literals of a JS source.
fn literals(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' {
            let mut text = String::new();
            for (_, d) in chars.by_ref() {
                if d == '"' {
                    break;
                }
                text.push(d);
            }
            out.push((i, text));
        }
    }
    out
}

/// The names of the flows' states, pending actions and reasons (ts/flow/*.ts declares them in
/// `EnrollmentState` and `ChallengeState`): snake_case strings that are not error vocabulary.
const FLOW_NAMES: [&str; 16] = [
    "choosing_method",
    "showing_qr",
    "entering_phone",
    "code_sent",
    "entering_password",
    "entering_code",
    "entering_recovery_code",
    "signed_in",
    "sso_required",
    "start_totp",
    "send_sms",
    "sign_in",
    "start_challenge",
    "recovery_code",
    "recovery_codes_used",
    "create_passkey",
];

#[test]
fn the_js_parts_use_only_the_vocabulary() {
    let mut files = Vec::new();
    js_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("ts"),
        &mut files,
    );
    assert!(!files.is_empty());
    let mut checked = 0;
    for file in files {
        let source = fs::read_to_string(&file).unwrap();
        for (at, text) in literals(&source) {
            let before = &source[..at];
            let snake =
                // A word with `_` (a lone `_`, as base64url's alphabet has, names nothing).
                text.contains('_')
                    && text.bytes().any(|b| b.is_ascii_lowercase())
                    && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            if before.ends_with("fail(") {
                assert!(
                    ErrorCode::parse(&text).is_some(),
                    "{}: code {text}",
                    file.display()
                );
                checked += 1;
            } else if snake && !FLOW_NAMES.contains(&text.as_str()) {
                assert!(
                    ErrorCode::parse(&text).is_some() || Reason::parse(&text).is_some(),
                    "{}: {text} is neither a code, a reason nor a flow's name",
                    file.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "checked {checked} literals");
}
