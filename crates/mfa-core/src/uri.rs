//! Key URIs (`otpauth://totp/Issuer:account?secret=...&issuer=...`): strict when building,
//! tolerant of real exports when parsing. Format: Google's Key Uri Format wiki
//! (github.com/google/google-authenticator/wiki/Key-Uri-Format; docs/security.md).

use crate::totp::{self, Algorithm};
use crate::{secret, text, Error, ErrorCode, Result};
use alloc::{borrow::ToOwned, string::String, vec::Vec};

/// The longest Key URI [`parse`] reads, and the longest issuer or account [`build`] writes.
pub const MAX_URI_LEN: usize = 4096;
/// The longest issuer or account name, in bytes.
pub const MAX_LABEL_LEN: usize = 256;

/// What a Key URI holds.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyUri {
    /// Canonical base32 (upper case, no padding).
    pub secret: String,
    /// The service the key belongs to.
    pub issuer: Option<String>,
    /// The account name, e.g. an email address.
    pub account: String,
    /// The HMAC hash.
    pub algorithm: Algorithm,
    /// 6, 7 or 8.
    pub digits: u8,
    /// Seconds per step.
    pub period: u32,
}

impl core::fmt::Debug for KeyUri {
    // The secret is never printed.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("KeyUri")
            .field("issuer", &self.issuer)
            .field("account", &self.account)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("period", &self.period)
            .finish_non_exhaustive()
    }
}

/// Builds a Key URI exactly as the format asks: issuer and account percent-encoded, the issuer
/// both as label prefix and as `issuer=` parameter ("we recommend using both"), no padding in the
/// secret, and algorithm/digits/period only when they differ from SHA1/6/30 (some apps mishandle
/// them). Refuses a `:` in issuer or account ("neither ... may themselves contain a colon"),
/// empty names, names with surrounding spaces (they would not survive parsing), and secrets
/// under 128 bits (RFC 4226 R6).
///
/// ```
/// use mfa_core::uri::{build, KeyUri};
/// let uri = build(&KeyUri {
///     secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".into(),
///     issuer: Some("ACME Co".into()),
///     account: "john.doe@email.com".into(),
///     algorithm: Default::default(), digits: 6, period: 30,
/// }).unwrap();
/// assert_eq!(uri, "otpauth://totp/ACME%20Co:john.doe%40email.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co");
/// ```
pub fn build(key: &KeyUri) -> Result<String> {
    let secret = secret::normalize(&key.secret)?;
    if secret.len() * 5 / 8 < secret::MIN_GENERATED_BYTES {
        return Err(Error::new(
            ErrorCode::SecretTooShort,
            "a Key URI secret needs at least 128 bits (RFC 4226 R6)",
        ));
    }
    let issuer = key.issuer.as_deref().ok_or(
        Error::new(ErrorCode::InvalidLabel, "the issuer is required").with_field("issuer"),
    )?;
    check_label(issuer, "issuer")?;
    check_label(&key.account, "account")?;
    totp::check_digits(u32::from(key.digits))?;
    totp::check_period(u64::from(key.period))?;

    let mut uri = String::with_capacity(64 + secret.len() + 6 * (issuer.len() + key.account.len()));
    uri.push_str("otpauth://totp/");
    percent_encode(issuer, &mut uri);
    uri.push(':');
    percent_encode(&key.account, &mut uri);
    uri.push_str("?secret=");
    uri.push_str(&secret);
    uri.push_str("&issuer=");
    percent_encode(issuer, &mut uri);
    if key.algorithm != Algorithm::Sha1 {
        uri.push_str("&algorithm=");
        uri.push_str(key.algorithm.as_str());
    }
    if key.digits != totp::DEFAULT_DIGITS {
        uri.push_str("&digits=");
        uri.push(char::from(b'0' + key.digits));
    }
    if key.period != totp::DEFAULT_PERIOD {
        uri.push_str("&period=");
        push_u32(&mut uri, key.period);
    }
    Ok(uri)
}

fn check_label(name: &str, field: &'static str) -> Result<()> {
    let fail = |message| Err(Error::new(ErrorCode::InvalidLabel, message).with_field(field));
    if name.is_empty() {
        return fail("the issuer and account must not be empty");
    }
    if name.len() > MAX_LABEL_LEN {
        return fail("the issuer and account have at most 256 bytes");
    }
    if name.contains(':') {
        return fail("the issuer and account must not contain a colon (Key Uri Format)");
    }
    if name.starts_with(text::is_space) || name.ends_with(text::is_space) {
        return fail("the issuer and account must not start or end with a space");
    }
    Ok(())
}

fn push_u32(out: &mut String, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&b| b as char));
}

/// RFC 3986 percent-encoding: everything but the unreserved characters.
fn percent_encode(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

/// Percent-decodes; with `plus_is_space`, `+` is a space (form encoding, as in query values).
fn percent_decode(s: &str, plus_is_space: bool) -> Result<String> {
    let bad = Error::new(
        ErrorCode::InvalidUri,
        "the Key URI has a broken percent-encoding",
    );
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = |b: u8| (b as char).to_digit(16);
                let hi = bytes.get(i + 1).and_then(|&b| hex(b)).ok_or(bad)?;
                let lo = bytes.get(i + 2).and_then(|&b| hex(b)).ok_or(bad)?;
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out)
        .map_err(|_| Error::new(ErrorCode::InvalidUri, "the Key URI is not UTF-8"))
}

// The parser slices only through `get` and searches bytes, never `&str` patterns: a slice that
// can panic or the substring searcher links core's panic formatting (~6 KB of wasm).
fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Parses a Key URI, tolerating what real exports and sites contain: any case in the scheme,
/// type and parameter names; `:` or `%3A` as the label separator and spaces after it; lower-case,
/// spaced or padded secrets; lower-case algorithm names; `+` for spaces in parameters; unknown
/// parameters (ignored); 80-bit secrets. When the label prefix and `issuer=` differ, the
/// parameter wins; an empty `issuer=` falls back to the prefix.
///
/// Refuses what cannot be a usable TOTP key: not `otpauth://totp/`, no or bad secret, digits
/// outside 6-8, a period outside 1-120 s, an unknown algorithm.
///
/// ```
/// let key = mfa_core::uri::parse("OTPAUTH://TOTP/Big%20Corporation%3A%20alice%40bigco.com?SECRET=jbswy3dpehpk3pxp").unwrap();
/// assert_eq!(key.issuer.as_deref(), Some("Big Corporation"));
/// assert_eq!(key.account, "alice@bigco.com");
/// assert_eq!(key.secret, "JBSWY3DPEHPK3PXP");
/// ```
pub fn parse(uri: &str) -> Result<KeyUri> {
    let not_totp = Error::new(ErrorCode::InvalidUri, "not an otpauth://totp/ Key URI");
    if uri.len() > MAX_URI_LEN {
        return Err(Error::new(ErrorCode::InvalidUri, "the Key URI is too long"));
    }
    let rest = strip_prefix_ignore_case(uri.trim(), "otpauth://").ok_or(not_totp)?;
    let rest = strip_prefix_ignore_case(rest, "totp/").ok_or(not_totp)?;
    let rest = rest.split('#').next().unwrap_or_default();
    let (label, query) = rest.split_once('?').unwrap_or((rest, ""));

    // label = accountname / issuer (":" / "%3A") *"%20" accountname
    let split = label.find(':').map(|i| (i, 1)).or_else(|| {
        label
            .as_bytes()
            .windows(3)
            .position(|w| w.eq_ignore_ascii_case(b"%3a"))
            .map(|i| (i, 3))
    });
    let (prefix, account) = match split {
        Some((i, sep)) => (
            Some(percent_decode(label.get(..i).unwrap_or_default(), false)?),
            percent_decode(label.get(i + sep..).unwrap_or_default(), false)?,
        ),
        None => (None, percent_decode(label, false)?),
    };
    let account = account.trim_start_matches(' ').to_owned();

    let (mut secret, mut issuer, mut algorithm, mut digits, mut period) =
        (None, None, None, None, None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match name.to_ascii_lowercase().as_str() {
            "secret" => &mut secret,
            "issuer" => &mut issuer,
            "algorithm" => &mut algorithm,
            "digits" => &mut digits,
            "period" => &mut period,
            _ => continue, // unknown parameters are ignored
        };
        // The first occurrence wins.
        if slot.is_none() {
            *slot = Some(percent_decode(value, true)?);
        }
    }

    let secret = secret.ok_or(Error::new(
        ErrorCode::InvalidSecret,
        "the Key URI has no secret",
    ))?;
    secret::decode(&secret)?; // checks base32 and the 80-bit floor
    let secret = secret::normalize(&secret)?;
    let algorithm = algorithm
        .as_deref()
        .map_or(Ok(Algorithm::Sha1), Algorithm::parse)?;
    let digits = match digits {
        None => totp::DEFAULT_DIGITS,
        Some(d) => totp::check_digits(parse_number(&d).ok_or(Error::new(
            ErrorCode::InvalidDigits,
            "digits must be 6, 7 or 8",
        ))?)?,
    };
    let period = match period {
        None => totp::DEFAULT_PERIOD,
        Some(p) => totp::check_period(u64::from(parse_number(&p).unwrap_or(0)))?,
    };
    let issuer = issuer
        .filter(|i| !i.trim().is_empty())
        .or(prefix)
        .filter(|i| !i.is_empty());
    Ok(KeyUri {
        secret,
        issuer,
        account,
        algorithm,
        digits,
        period,
    })
}

/// A plain decimal number (no sign, no fraction), or `None`.
fn parse_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(issuer: Option<&str>, account: &str) -> KeyUri {
        KeyUri {
            secret: "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ".into(),
            issuer: issuer.map(Into::into),
            account: account.into(),
            algorithm: Algorithm::Sha1,
            digits: 6,
            period: 30,
        }
    }

    #[test]
    fn the_specifications_examples() {
        let k =
            parse("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example")
                .unwrap();
        assert_eq!(
            (k.issuer.as_deref(), k.account.as_str(), k.secret.as_str()),
            (Some("Example"), "alice@google.com", "JBSWY3DPEHPK3PXP")
        );
        let k = parse("otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30").unwrap();
        assert_eq!(
            k,
            KeyUri {
                issuer: Some("ACME Co".into()),
                ..key(None, "john.doe@email.com")
            }
        );
        for (label, issuer, account) in [
            ("Provider1:Alice%20Smith", Some("Provider1"), "Alice Smith"),
            (
                "Big%20Corporation%3A%20alice%40bigco.com",
                Some("Big Corporation"),
                "alice@bigco.com",
            ),
            ("alice", None, "alice"),
        ] {
            let k = parse(&format!("otpauth://totp/{label}?secret=JBSWY3DPEHPK3PXP")).unwrap();
            assert_eq!(
                (k.issuer.as_deref(), k.account.as_str()),
                (issuer, account),
                "{label}"
            );
        }
    }

    #[test]
    fn real_export_quirks() {
        let k = parse("OTPAUTH://TOTP/ACME:alice?SECRET=hxdm vjec jjws rb3h wizr 4ifu gftm xboz&ALGORITHM=sha256&DIGITS=8&PERIOD=60&Extra=1").unwrap();
        assert_eq!(
            (k.algorithm, k.digits, k.period, k.secret.as_str()),
            (Algorithm::Sha256, 8, 60, "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ")
        );
        assert_eq!(
            parse("otpauth://totp/ACME:%20%20alice?secret=JBSWY3DPEHPK3PXP")
                .unwrap()
                .account,
            "alice"
        );
        assert_eq!(
            parse("otpauth://totp/ACME:  alice?secret=JBSWY3DPEHPK3PXP")
                .unwrap()
                .account,
            "alice"
        );
        assert_eq!(
            parse("otpauth://totp/ACME%3a%20alice?secret=JBSWY3DPEHPK3PXP")
                .unwrap()
                .issuer
                .as_deref(),
            Some("ACME")
        );
        assert_eq!(
            parse("otpauth://totp/x?secret=MZXW6YTBOI======JBSW")
                .unwrap_err()
                .code(),
            ErrorCode::InvalidSecret
        );
        assert_eq!(
            parse("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP%3D%3D")
                .unwrap()
                .secret,
            "JBSWY3DPEHPK3PXP"
        );
        assert_eq!(
            parse("otpauth://totp/Air:bob?secret=JBSWY3DPEHPK3PXP&issuer=Air+Canada")
                .unwrap()
                .issuer
                .as_deref(),
            Some("Air Canada")
        );
        // The parameter wins over a different label prefix; an empty parameter falls back.
        assert_eq!(
            parse("otpauth://totp/Contoso%20Co:Firstname?issuer=ACME%20Co&secret=JBSWY3DPEHPK3PXP")
                .unwrap()
                .issuer
                .as_deref(),
            Some("ACME Co")
        );
        assert_eq!(
            parse("otpauth://totp/Contoso:Firstname?issuer=&secret=JBSWY3DPEHPK3PXP")
                .unwrap()
                .issuer
                .as_deref(),
            Some("Contoso")
        );
        // pyotp's encoded colon inside the issuer.
        let k = parse("otpauth://totp/Text%3A%20More%20Text:Secret?secret=FFFFFFFAAAAAABBBBBBB&issuer=Text%3A%20More%20Text").unwrap();
        assert_eq!(
            (k.issuer.as_deref(), k.account.as_str()),
            (Some("Text: More Text"), "Secret")
        );
        // First of a repeated parameter wins; the fragment is ignored.
        assert_eq!(
            parse("otpauth://totp/a?digits=8&secret=JBSWY3DPEHPK3PXP&digits=6#x")
                .unwrap()
                .digits,
            8
        );
    }

    #[test]
    fn refuses_what_cannot_be_a_usable_totp_key() {
        for (uri, code) in [
            (
                "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=0",
                ErrorCode::InvalidUri,
            ),
            (
                "https://example.com/?secret=JBSWY3DPEHPK3PXP",
                ErrorCode::InvalidUri,
            ),
            ("otpauth://totp", ErrorCode::InvalidUri),
            ("", ErrorCode::InvalidUri),
            (
                "otpauth://totp/a%ZZ?secret=JBSWY3DPEHPK3PXP",
                ErrorCode::InvalidUri,
            ),
            (
                "otpauth://totp/a%FF?secret=JBSWY3DPEHPK3PXP",
                ErrorCode::InvalidUri,
            ),
            ("otpauth://totp/a?issuer=x", ErrorCode::InvalidSecret),
            ("otpauth://totp/a?secret=", ErrorCode::InvalidSecret),
            (
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PX1",
                ErrorCode::InvalidSecret,
            ),
            (
                "otpauth://totp/a?secret=MZXW6YTBOI",
                ErrorCode::SecretTooShort,
            ),
            (
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=5",
                ErrorCode::InvalidDigits,
            ),
            (
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=9",
                ErrorCode::InvalidDigits,
            ),
            (
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=six",
                ErrorCode::InvalidDigits,
            ),
            (
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=6.5",
                ErrorCode::InvalidDigits,
            ),
            (
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=0",
                ErrorCode::InvalidPeriod,
            ),
            (
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=-30",
                ErrorCode::InvalidPeriod,
            ),
            (
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=",
                ErrorCode::InvalidPeriod,
            ),
            (
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
                ErrorCode::UnsupportedAlgorithm,
            ),
        ] {
            assert_eq!(parse(uri).unwrap_err().code(), code, "{uri}");
        }
        assert_eq!(
            parse(&"a".repeat(5000)).unwrap_err().code(),
            ErrorCode::InvalidUri
        );
    }

    #[test]
    fn build_is_strict() {
        assert_eq!(
            build(&key(Some("AC:ME"), "alice")).unwrap_err().field(),
            Some("issuer")
        );
        assert_eq!(
            build(&key(Some("ACME"), "ali:ce")).unwrap_err().field(),
            Some("account")
        );
        assert_eq!(
            build(&key(None, "alice")).unwrap_err().code(),
            ErrorCode::InvalidLabel
        );
        assert_eq!(
            build(&key(Some("ACME"), "")).unwrap_err().code(),
            ErrorCode::InvalidLabel
        );
        assert_eq!(
            build(&key(Some(" ACME"), "alice")).unwrap_err().code(),
            ErrorCode::InvalidLabel
        );
        assert_eq!(
            build(&KeyUri {
                secret: "JBSWY3DPEHPK3PXP".into(),
                ..key(Some("A"), "b")
            })
            .unwrap_err()
            .code(),
            ErrorCode::SecretTooShort
        );
        assert_eq!(
            build(&KeyUri {
                digits: 9,
                ..key(Some("A"), "b")
            })
            .unwrap_err()
            .code(),
            ErrorCode::InvalidDigits
        );
        let uri = build(&KeyUri {
            algorithm: Algorithm::Sha512,
            digits: 8,
            period: 60,
            ..key(Some("A&B Co/é"), "a+b@x.y")
        })
        .unwrap();
        assert_eq!(uri, "otpauth://totp/A%26B%20Co%2F%C3%A9:a%2Bb%40x.y?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=A%26B%20Co%2F%C3%A9&algorithm=SHA512&digits=8&period=60");
    }

    fn label() -> impl Strategy<Value = String> {
        "[^:]{1,32}".prop_filter("no surrounding spaces", |s| {
            !s.starts_with(text::is_space) && !s.ends_with(text::is_space)
        })
    }

    proptest! {
        #[test]
        fn parse_of_build_is_identity(
            bytes in proptest::collection::vec(any::<u8>(), 16..64),
            issuer in label(), account in label(),
            alg in prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256), Just(Algorithm::Sha512)],
            digits in 6u8..=8, period in 1u32..=120,
        ) {
            let k = KeyUri { secret: crate::base32::encode(&bytes), issuer: Some(issuer), account, algorithm: alg, digits, period };
            let uri = build(&k).unwrap();
            prop_assert!(uri.is_ascii());
            prop_assert_eq!(parse(&uri).unwrap(), k);
        }

        #[test]
        fn parse_never_panics(s in "(?i:otpauth://totp/)?\\PC{0,80}") {
            let _ = parse(&s);
        }
    }
}
