//! QR codes as compact, accessible inline SVG.
//!
//! The SVG is one `<path>` whose stroked horizontal runs cover the dark modules (the technique
//! node-qrcode uses), `viewBox` in module units so it scales with CSS, `role="img"` and an
//! escaped `<title>`, no XML declaration and no `data:` URI, so it works under a strict
//! Content-Security-Policy. The `qrcode` crate's renderer was not used: it writes one rectangle
//! per module, 5.5x larger (docs/toolchain.md).
//!
//! The encoder (ISO/IEC 18004) is our own. It replaced Nayuki's `qrcodegen`, measured in
//! bench/RESULTS.md, for three reasons:
//! - **SVG bytes**: `qrcodegen` encodes text as one segment, so a typical otpauth URI (lower-case
//!   letters, then a long upper-case base32 secret) is all byte mode and needs version 7. Here the
//!   text is split into numeric / alphanumeric / byte segments by dynamic programming (the
//!   optimal segmentation node-qrcode also finds), which fits the same URI in version 6: 15 %
//!   fewer modules and a smaller SVG than node-qrcode's.
//! - **speed**: every row and column is a 192-bit bitset, so the 8 candidate masks are applied
//!   with word operations, and the penalty (N1..N4 of ISO/IEC 18004 §7.8.3) walks runs found
//!   from the bit transitions, or counts 2x2 blocks with popcounts, instead of visiting modules.
//! - **size**: no per-module `Vec<bool>`, no segment objects, no panicking asserts.
//!
//! It keeps the standard penalty-based mask choice and `qrcodegen`'s error-correction boost (a
//! higher level is used when it fits in the same version). Every output is checked by a real
//! decoder in `tests/qr_decode.rs` (librsvg, then ZBar and quirc), and the matrices, masks included, are
//! compared module for module with `qrcodegen` given the same segments (`matches_qrcodegen`).

use crate::{Error, ErrorCode, Reason, Result};
use alloc::string::String;

/// Error-correction level (ISO/IEC 18004): how much of the code may be damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ecc {
    /// About 7 %.
    L,
    /// About 15 %: the default, and what node-qrcode uses.
    #[default]
    M,
    /// About 25 %.
    Q,
    /// About 30 %.
    H,
}

impl Ecc {
    /// Parses `L`, `M`, `Q` or `H` (any case).
    ///
    /// ```
    /// assert_eq!(mfa_core::qr::Ecc::parse("q").unwrap(), mfa_core::qr::Ecc::Q);
    /// ```
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "L" | "l" => Ok(Self::L),
            "M" | "m" => Ok(Self::M),
            "Q" | "q" => Ok(Self::Q),
            "H" | "h" => Ok(Self::H),
            _ => Err(Error::input(
                "ecc",
                Reason::InvalidValue,
                "ecc must be L, M, Q or H",
            )),
        }
    }

    /// Index into the capacity tables: L, M, Q, H.
    const fn ordinal(self) -> usize {
        match self {
            Self::L => 0,
            Self::M => 1,
            Self::Q => 2,
            Self::H => 3,
        }
    }

    /// The 2-bit level in the format information.
    const fn format_bits(self) -> u32 {
        match self {
            Self::L => 1,
            Self::M => 0,
            Self::Q => 3,
            Self::H => 2,
        }
    }
}

/// How [`svg`] draws the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgOptions<'a> {
    /// Error correction; the encoder may raise it when that costs no extra size.
    pub ecc: Ecc,
    /// Quiet zone in modules (the standard asks for 4).
    pub margin: u32,
    /// Colour of the dark modules (a CSS colour).
    pub dark: &'a str,
    /// Background colour; `"none"` or `"transparent"` leaves it out.
    pub light: &'a str,
    /// The accessible name, read by screen readers.
    pub title: &'a str,
    /// Rendered width and height in CSS pixels (`width`/`height` attributes, which CSS may
    /// override; the `viewBox` keeps it scalable); 0 leaves them out, so the SVG fills its box.
    pub size: u32,
}

impl Default for SvgOptions<'_> {
    fn default() -> Self {
        Self {
            ecc: Ecc::M,
            margin: 4,
            dark: "#000",
            light: "#fff",
            title: "QR code",
            size: DEFAULT_SIZE,
        }
    }
}

/// The largest quiet zone accepted, in modules.
pub const MAX_MARGIN: u32 = 64;

/// The default rendered size in CSS pixels: scannable by phone cameras at arm's length, and
/// fully visible on a 320 px wide screen (issue 15: without a size an SVG with a `viewBox`
/// fills the page's width).
pub const DEFAULT_SIZE: u32 = 200;

/// The largest rendered size accepted, in CSS pixels.
pub const MAX_SIZE: u32 = 4096;

/// Renders `text` as an inline SVG QR code.
///
/// ```
/// let svg = mfa_core::qr::svg("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP", &Default::default()).unwrap();
/// assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
/// assert!(svg.contains("role=\"img\"") && svg.contains("<title>QR code</title>"));
/// ```
pub fn svg(text: &str, opts: &SvgOptions<'_>) -> Result<String> {
    if opts.margin > MAX_MARGIN {
        return Err(Error::input(
            "margin",
            Reason::OutOfRange,
            "margin must be 0 to 64 modules",
        ));
    }
    if opts.size > MAX_SIZE {
        return Err(Error::input(
            "size",
            Reason::OutOfRange,
            "size must be 0 to 4096 CSS pixels",
        ));
    }
    check_color(opts.dark, "dark")?;
    check_color(opts.light, "light")?;
    let code = encode(text.as_bytes(), opts.ecc).ok_or(Error::new(
        ErrorCode::DataTooLong,
        "the text does not fit in a QR code at this error-correction level",
    ))?;
    let size = code.size as i32;
    let margin = opts.margin as i32;
    let full = size + 2 * margin;

    let mut out = String::with_capacity(400 + code.size * code.size / 2);
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    push_int(&mut out, full);
    out.push(' ');
    push_int(&mut out, full);
    if opts.size > 0 {
        out.push_str("\" width=\"");
        push_int(&mut out, opts.size as i32);
        out.push_str("\" height=\"");
        push_int(&mut out, opts.size as i32);
    }
    out.push_str("\" role=\"img\" shape-rendering=\"crispEdges\"><title>");
    escape_into(opts.title, &mut out);
    out.push_str("</title>");
    if !opts.light.eq_ignore_ascii_case("none") && !opts.light.eq_ignore_ascii_case("transparent") {
        out.push_str("<path fill=\"");
        out.push_str(opts.light);
        out.push_str("\" d=\"M0 0h");
        push_int(&mut out, full);
        out.push('v');
        push_int(&mut out, full);
        out.push_str("H0z\"/>");
    }
    out.push_str("<path stroke=\"");
    out.push_str(opts.dark);
    out.push_str("\" d=\"");
    // Each run of dark modules in a row is one stroked horizontal line through the row's middle.
    // Moves are relative to where the last run ended, which keeps the numbers short.
    let (mut cx, mut cy) = (0i32, 0i32);
    let mut first = true;
    for (y, row) in code.rows.iter().enumerate() {
        let y = y as i32;
        // Bit x of `edges` is set where module x differs from module x - 1 (x = -1 is light):
        // the set bits are, in order, the start and the end of each run.
        let edges = xor(row, &shl(row, 1));
        let mut start = None;
        for_each_bit(&edges, |x| {
            let x = x as i32;
            match start.take() {
                None => start = Some(x),
                Some(s) => {
                    if first {
                        out.push('M');
                        push_int(&mut out, s + margin);
                        out.push(' ');
                        push_int(&mut out, y + margin);
                        out.push_str(".5");
                        first = false;
                    } else {
                        out.push('m');
                        push_int(&mut out, s + margin - cx);
                        out.push(' ');
                        push_int(&mut out, y + margin - cy);
                    }
                    out.push('h');
                    push_int(&mut out, x - s);
                    cx = x + margin;
                    cy = y + margin;
                }
            }
        });
    }
    out.push_str("\"/></svg>");
    Ok(out)
}

/// The same SVG as a `data:image/svg+xml` URI, for `<img src>` (needs `img-src data:` in a CSP).
///
/// ```
/// let uri = mfa_core::qr::data_uri("hello", &Default::default()).unwrap();
/// assert!(uri.starts_with("data:image/svg+xml,%3Csvg"));
/// ```
pub fn data_uri(text: &str, opts: &SvgOptions<'_>) -> Result<String> {
    let svg = svg(text, opts)?;
    let mut out = String::with_capacity(svg.len() + svg.len() / 4 + 24);
    out.push_str("data:image/svg+xml,");
    for c in svg.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '#' => out.push_str("%23"),
            '"' => out.push('\''),
            '%' => out.push_str("%25"),
            c if (c as u32) < 0x20 || !c.is_ascii() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push('%');
                    out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
                    out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
                }
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// A colour goes into an attribute unescaped, so only the characters CSS colours use are allowed:
/// `#rgb`, names, `rgb(...)`/`hsl(...)` with numbers, commas, dots, percents and spaces.
fn check_color(color: &str, field: &'static str) -> Result<()> {
    let ok = !color.is_empty()
        && color.len() <= 64
        && color.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'#' | b'(' | b')' | b',' | b'.' | b'%' | b' ' | b'/')
        });
    if ok {
        Ok(())
    } else {
        Err(Error::input(
            field,
            Reason::InvalidValue,
            "colours must be CSS colours such as #000, black or rgb(0 0 0)",
        ))
    }
}

/// XML text escaping for the title.
fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

fn push_int(out: &mut String, n: i32) {
    if n < 0 {
        out.push('-');
    }
    let mut n = n.unsigned_abs();
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

mod encode;
mod line;
mod matrix;

use encode::encode;
use line::{for_each_bit, shl, xor};

#[cfg(test)]
mod tests;
