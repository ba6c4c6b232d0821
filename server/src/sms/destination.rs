//! Where SMS codes may go (toll-fraud defence, "SMS pumping"; ASVS 5.0 2.4.1 anti-automation
//! for costly resources): a number must be a valid, allocated mobile number (libphonenumber's
//! ranges, through the `phonenumber` crate: premium-rate, shared-cost, toll-free, VoIP,
//! personal, pager and fixed-line numbers and unallocated ranges are refused), in a calling
//! code of the `--sms-countries` allowlist, and never one of the non-geographic global
//! services (ITU-T E.164 codes 800, 808, 870, 878, 881, 882, 883, 888, 979, 991), which are
//! refused even when configured. The same shape as Twilio Verify's geo permissions and
//! Firebase Authentication's SMS region policy: deny by default, allow the countries you
//! serve. Sources and ranges: `docs/sms-abuse.md`.
//!
//! VoIP numbers are refused also because NIST SP 800-63B 5.1.3.1 says methods that do not
//! prove possession of a specific device, "such as voice-over-IP (VOIP)", SHALL NOT be used.

use mfa_core::Reason;
use phonenumber::metadata::DATABASE;
use phonenumber::Type;

/// The calling codes allowed by default: +1 (NANP) and +44 (UK), where the demo and its tests
/// send. A deployment lists the countries its users are in (`--sms-countries`).
pub const DEFAULT_COUNTRIES: &[u16] = &[1, 44];

/// ITU-T E.164 codes of global services (not countries): freephone (800), shared cost (808),
/// Inmarsat (870), UPT (878), satellite (881), international networks (882, 883), OCHA (888),
/// international premium rate (979), trials (991). Numbers there are expensive or unreachable
/// by SMS, and favourites of toll fraud.
pub const GLOBAL_SERVICES: &[u16] = &[800, 808, 870, 878, 881, 882, 883, 888, 979, 991];

/// Why a number is refused (the `reason` of the `invalid_input` answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The calling code is not in the allowlist.
    CountryNotAllowed,
    /// Not a number of an allocated range.
    Unallocated,
    /// A premium-rate, shared-cost or similar revenue-sharing number.
    PremiumRate,
    /// A number that is not known to reach a mobile phone (fixed line, VoIP, pager, ...).
    NotMobile,
}

impl Refusal {
    /// The stable reason text (the client's vocabulary, `mfa_core::Reason`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CountryNotAllowed => Reason::CountryNotAllowed.as_str(),
            Self::Unallocated => Reason::Unallocated.as_str(),
            Self::PremiumRate => Reason::PremiumRate.as_str(),
            Self::NotMobile => Reason::NotMobile.as_str(),
        }
    }
}

/// Checks an E.164 number (already in canonical `+digits` form) against `allowed` calling
/// codes. In development mode the reserved fictional ranges (NANP 555-0100 to 555-0199, UK
/// 07700 900000 to 900999) are accepted too: they reach nobody, and the demo sends there.
///
/// ```
/// use mfa_server::sms::destination::{check, Refusal};
/// assert_eq!(check("+14155552671", &[1], false), Ok(()));
/// assert_eq!(check("+19005551234", &[1], false), Err(Refusal::PremiumRate));
/// assert_eq!(check("+33612345678", &[1], false), Err(Refusal::CountryNotAllowed));
/// ```
pub fn check(e164: &str, allowed: &[u16], dev: bool) -> Result<(), Refusal> {
    if dev && fictional(e164) {
        return Ok(());
    }
    let number = phonenumber::parse(None, e164).map_err(|_| Refusal::Unallocated)?;
    let code = number.code().value();
    if GLOBAL_SERVICES.contains(&code) || !allowed.contains(&code) {
        return Err(Refusal::CountryNotAllowed);
    }
    if !number.is_valid() {
        return Err(Refusal::Unallocated);
    }
    match number.number_type(&DATABASE) {
        Type::Mobile | Type::FixedLineOrMobile => Ok(()),
        Type::PremiumRate | Type::SharedCost | Type::StandardRate | Type::Uan => {
            Err(Refusal::PremiumRate)
        }
        Type::Unknown => Err(Refusal::Unallocated),
        _ => Err(Refusal::NotMobile),
    }
}

/// The ranges reserved for fiction: NANPA's 555-0100 to 555-0199 (any area code) and Ofcom's
/// drama mobile range 07700 900000 to 900999.
fn fictional(e164: &str) -> bool {
    let nanp = e164
        .strip_prefix("+1")
        .filter(|n| n.len() == 10)
        .is_some_and(|n| n[3..].starts_with("55501"));
    let uk = e164
        .strip_prefix("+447700900")
        .is_some_and(|rest| rest.len() == 3);
    nanp || uk
}

/// The `--sms-countries` value: calling codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallingCodes(pub Vec<u16>);

impl std::str::FromStr for CallingCodes {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        parse_countries(text).map(Self)
    }
}

/// Parses `--sms-countries`: calling codes separated by commas (`1,44,33`); a global-service
/// code is refused.
pub fn parse_countries(text: &str) -> Result<Vec<u16>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| {
            let code: u16 = c
                .trim_start_matches('+')
                .parse()
                .map_err(|_| format!("{c:?} is not a calling code"))?;
            if GLOBAL_SERVICES.contains(&code) || code == 0 || code > 999 {
                return Err(format!("+{code} is not a country's calling code"));
            }
            Ok(code)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn premium_unallocated_and_global_ranges_are_refused() {
        let all: Vec<u16> = (1..=999).collect();
        for (number, expected) in [
            ("+14155552671", Ok(())),
            ("+447911123456", Ok(())),
            ("+33612345678", Ok(())),
            ("+449091234567", Err(Refusal::PremiumRate)),
            ("+19005551234", Err(Refusal::PremiumRate)),
            ("+979123456789", Err(Refusal::CountryNotAllowed)),
            ("+882123456789", Err(Refusal::CountryNotAllowed)),
            ("+80012345678", Err(Refusal::CountryNotAllowed)),
            ("+447012345678", Err(Refusal::NotMobile)),
            ("+442079460958", Err(Refusal::NotMobile)),
            ("+441632960000", Err(Refusal::Unallocated)),
            ("+15555550199", Err(Refusal::Unallocated)),
        ] {
            assert_eq!(check(number, &all, false), expected, "{number}");
        }
        assert_eq!(check("+15555550199", &[1], true), Ok(()));
        assert_eq!(check("+447700900123", &[44], true), Ok(()));
        assert_eq!(check("+15555550299", &[1], true), Err(Refusal::Unallocated));
    }

    #[test]
    fn countries_parse() {
        assert_eq!(parse_countries("1, +44,33"), Ok(vec![1, 44, 33]));
        assert!(parse_countries("882").is_err());
        assert!(parse_countries("x").is_err());
    }
}
