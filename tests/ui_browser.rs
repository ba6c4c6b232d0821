//! The UI helpers in a real DOM: `wasm-pack test --headless --chrome --features ui` / `--firefox`.
//! Browser APIs a headless browser cannot use for real (clipboard, WebOTP, printing, downloads)
//! are exercised both as they are and through stand-ins installed on `navigator`/`window`.
//! `MFA_UI_SERVER_URL` (required at build time) is the fresh reference server `EnrollmentFlow`
//! runs against.
#![cfg(all(target_arch = "wasm32", feature = "ui"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
mod ui;
