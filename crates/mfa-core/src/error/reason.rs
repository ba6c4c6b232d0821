//! [`Reason`]: why an input is invalid, the `reason` of every `invalid_input` error (from the
//! core's argument checks, the validators, the client's contract checks and the server).

use super::vocabulary::vocabulary;

vocabulary! {
    /// Why an input is not valid. [`Reason::as_str`] gives the stable string JS sees.
    pub enum Reason {
        // What the validators say of what people type.
        /// Nothing but spaces and dashes.
        Empty = "empty",
        /// Fewer characters than required.
        TooShort = "too_short",
        /// More characters than allowed.
        TooLong = "too_long",
        /// A character that cannot be part of the value.
        InvalidCharacter = "invalid_character",
        /// A phone number without the leading `+` and country code.
        MissingCountryCode = "missing_country_code",
        /// A phone number whose country code starts with 0.
        InvalidCountryCode = "invalid_country_code",
        // What the argument and contract checks say.
        /// The value has the wrong JS type (e.g. a number where a string belongs).
        InvalidType = "invalid_type",
        /// A number out of its range, or not a whole number.
        OutOfRange = "out_of_range",
        /// A value that is not one of those allowed.
        InvalidValue = "invalid_value",
        /// A required field is missing.
        MissingField = "missing_field",
        /// A field the request does not define.
        UnknownField = "unknown_field",
        /// A URL that is not `https://`, a loopback `http://` or a same-origin path.
        InvalidUrl = "invalid_url",
        /// An `http://` URL to a host that is not loopback: codes would cross the network in clear.
        Insecure = "insecure",
        /// A list with too few or too many items.
        InvalidLength = "invalid_length",
        // What only the server says.
        /// The body is not JSON.
        MalformedJson = "malformed_json",
        /// The body could not be read.
        Unreadable = "unreadable",
        /// The body is not `application/json`.
        UnsupportedMediaType = "unsupported_media_type",
        /// The secret is not base32.
        InvalidSecret = "invalid_secret",
        /// The secret has fewer bits than required.
        SecretTooShort = "secret_too_short",
        /// The secret is evidently not random (too few distinct bytes).
        WeakSecret = "weak_secret",
        /// SMS codes are not sent to this country.
        CountryNotAllowed = "country_not_allowed",
        /// The number is in no allocated range.
        Unallocated = "unallocated",
        /// A premium-rate or similar revenue-sharing number.
        PremiumRate = "premium_rate",
        /// The number does not reach a mobile phone (fixed line, VoIP, pager, ...).
        NotMobile = "not_mobile",
    }
}

impl Reason {
    /// The reasons a validator (`validate::*`) gives for what people type.
    pub const VALIDATION: &'static [Self] = &[
        Self::Empty,
        Self::TooShort,
        Self::TooLong,
        Self::InvalidCharacter,
        Self::MissingCountryCode,
        Self::InvalidCountryCode,
    ];
}
