//! The rule for `MfaClient`'s `baseUrl`: where codes, passwords and secrets may be sent. Plain
//! Rust, so that its tests run natively with every case (docs/security.md, "Where the client
//! sends codes").

use mfa_core::Reason;

/// `Ok` when requests under `url` keep codes and secrets off the network in clear text and on
/// the intended host:
///
/// - `https://` with a host, or `http://` to a loopback host only (OWASP ASVS 5.0 12.2.1: TLS
///   for all traffic; loopback never leaves the machine);
/// - a path of the page's own origin (`/api`), but not `//host` or `/\host`, which the WHATWG
///   URL Standard reads as a URL to another host (a backslash is a slash in special URLs);
/// - no ASCII whitespace or control character anywhere: URL parsers strip tabs and newlines
///   and trim spaces, so `/\t/host` would become `//host`;
/// - no user info in a loopback `http://` URL: in `http://[::1]@evil.example` the host is
///   `evil.example`.
///
/// ```
/// # use mfa_wasm::base_url::check;
/// assert!(check("https://mfa.example/api").is_ok());
/// assert!(check("//evil.example").is_err());
/// ```
pub fn check(url: &str) -> Result<(), Reason> {
    if url.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(Reason::InvalidUrl);
    }
    if let Some(path) = url.strip_prefix('/') {
        return match path.as_bytes().first() {
            Some(b'/' | b'\\') => Err(Reason::InvalidUrl),
            _ => Ok(()),
        };
    }
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://") {
        return match rest.as_bytes().first() {
            None | Some(b'/' | b'\\' | b'?' | b'#') => Err(Reason::InvalidUrl),
            Some(_) => Ok(()),
        };
    }
    let Some(rest) = lower.strip_prefix("http://") else {
        return Err(Reason::InvalidUrl);
    };
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(Reason::Insecure);
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    let ipv4_loopback = host.starts_with("127.")
        && host.split('.').count() == 4
        && host.split('.').all(|p| p.parse::<u8>().is_ok());
    if host == "localhost" || host == "::1" || ipv4_loopback {
        Ok(())
    } else {
        Err(Reason::Insecure)
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use mfa_core::Reason::{Insecure, InvalidUrl};

    #[test]
    fn https_loopback_http_and_same_origin_paths_pass() {
        for url in [
            "https://mfa.example",
            "HTTPS://MFA.EXAMPLE/api/",
            "https://mfa.example:8443/api?x#y",
            "http://localhost:8080",
            "http://127.0.0.1:8080/api",
            "http://127.255.0.1",
            "http://[::1]:8080/",
            "/",
            "/api",
            "/api//v1",
        ] {
            assert_eq!(check(url), Ok(()), "{url}");
        }
    }

    #[test]
    fn other_hosts_in_clear_text_are_insecure() {
        for url in [
            "http://mfa.example",
            "http://10.0.0.1:8080",
            "http://127.0.0.1.evil.example",
            "http://localhost.evil.example",
            "http://127.0.0.1@evil.example",
            "http://[::1]@evil.example",
            "http://localhost:80@evil.example/",
            "http://128.0.0.1",
            "http://127.0.0.256",
        ] {
            assert_eq!(check(url), Err(Insecure), "{url}");
        }
    }

    #[test]
    fn urls_that_leave_the_origin_or_hide_their_host_are_refused() {
        for url in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            " //evil.example",
            "https://",
            "https:///evil.example",
            "https:\\\\evil.example",
            "ftp://mfa.example",
            "javascript:alert(1)",
            "mfa.example",
            "",
        ] {
            assert_eq!(check(url), Err(InvalidUrl), "{url:?}");
        }
    }
}
