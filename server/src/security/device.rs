//! Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a browser
//! that signed in to an account gets a cookie signed with the server key. Later password
//! attempts for that account from that browser are throttled per cookie, apart from the crowd:
//! failures by others (from any address) never lock it out, and its own failures lock only it.
//!
//! The value is `<nonce>.<mac>`: 128 random bits and the first 128 bits of HMAC-SHA256 over the
//! account key and the nonce. It names no account (the account key comes from the email being
//! signed in to), carries no secret of the user, and is HttpOnly like the session cookie.

use super::session::SetCookie;
use crate::crypto;
use crate::error::AppResult;
use crate::state::AppState;
use subtle::ConstantTimeEq;

/// A new device cookie for the account `account` (a `ServerKey::account_key`).
pub fn issue(state: &AppState, account: &str) -> AppResult<SetCookie> {
    let nonce = crypto::random::<16>()?;
    let mac = state.key.device_mac(account, &nonce);
    let value = format!("{}.{}", crypto::hex(&nonce), crypto::hex(&mac[..16]));
    Ok(SetCookie(state.cookie.set_named(
        state.cookie.device_name,
        &value,
        state.policy.device_cookie_seconds,
    )))
}

/// The nonce of a device cookie `value` if it is valid for `account`: it then names this
/// device's own throttle. A cookie of another account, or a forged one, counts as no cookie.
pub fn recognised(state: &AppState, value: &str, account: &str) -> Option<String> {
    let (nonce_hex, mac_hex) = value.split_once('.')?;
    let nonce = crypto::unhex(nonce_hex).filter(|n| n.len() == 16)?;
    let given = crypto::unhex(mac_hex).filter(|m| m.len() == 16)?;
    let expected = state.key.device_mac(account, &nonce);
    bool::from(expected[..16].ct_eq(&given)).then(|| nonce_hex.to_owned())
}
