//! QR codes as compact, accessible inline SVG.
//!
//! The matrix comes from Nayuki's `qrcodegen`. The SVG is our own: one `<path>` whose stroked
//! horizontal runs cover the dark modules (the technique node-qrcode uses), `viewBox` in module
//! units so it scales with CSS, `role="img"` and an escaped `<title>`, no XML declaration and no
//! `data:` URI, so it works under a strict Content-Security-Policy. The `qrcode` crate's renderer
//! was not used: it writes one rectangle per module, 5.5x larger (TOOLCHAIN.md).

use crate::{Error, ErrorCode, Result};
use qrcodegen::{QrCode, QrCodeEcc};

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
            _ => Err(Error::input("ecc", "ecc must be L, M, Q or H")),
        }
    }

    fn level(self) -> QrCodeEcc {
        match self {
            Self::L => QrCodeEcc::Low,
            Self::M => QrCodeEcc::Medium,
            Self::Q => QrCodeEcc::Quartile,
            Self::H => QrCodeEcc::High,
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
}

impl Default for SvgOptions<'_> {
    fn default() -> Self {
        Self {
            ecc: Ecc::M,
            margin: 4,
            dark: "#000",
            light: "#fff",
            title: "QR code",
        }
    }
}

/// The largest quiet zone accepted, in modules.
pub const MAX_MARGIN: u32 = 64;

/// Renders `text` as an inline SVG QR code.
///
/// ```
/// let svg = mfa_core::qr::svg("otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP", &Default::default()).unwrap();
/// assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
/// assert!(svg.contains("role=\"img\"") && svg.contains("<title>QR code</title>"));
/// ```
pub fn svg(text: &str, opts: &SvgOptions<'_>) -> Result<String> {
    if opts.margin > MAX_MARGIN {
        return Err(Error::input("margin", "margin must be 0 to 64 modules"));
    }
    check_color(opts.dark, "dark")?;
    check_color(opts.light, "light")?;
    let code = QrCode::encode_text(text, opts.ecc.level()).map_err(|_| {
        Error::new(
            ErrorCode::DataTooLong,
            "the text does not fit in a QR code at this error-correction level",
        )
    })?;
    let size = code.size();
    let margin = opts.margin as i32;
    let full = size + 2 * margin;

    let mut out = String::with_capacity(512 + (size * size) as usize / 2);
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    push_int(&mut out, full);
    out.push(' ');
    push_int(&mut out, full);
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
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            if first {
                out.push('M');
                push_int(&mut out, start + margin);
                out.push(' ');
                push_int(&mut out, y + margin);
                out.push_str(".5");
                first = false;
            } else {
                out.push('m');
                push_int(&mut out, start + margin - cx);
                out.push(' ');
                push_int(&mut out, y + margin - cy);
            }
            out.push('h');
            push_int(&mut out, x - start);
            cx = x + margin;
            cy = y + margin;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_colours_cannot_inject_markup() {
        let svg = svg(
            "x",
            &SvgOptions {
                title: "<script>&\"'",
                ..Default::default()
            },
        )
        .unwrap();
        assert!(svg.contains("<title>&lt;script&gt;&amp;&quot;&#39;</title>"));
        for bad in ["red\" onload=\"x", "url(javascript:x)", "", "red;x"] {
            let err = super::svg(
                "x",
                &SvgOptions {
                    dark: bad,
                    ..Default::default()
                },
            )
            .unwrap_err();
            assert_eq!(
                (err.code(), err.field()),
                (ErrorCode::InvalidInput, Some("dark")),
                "{bad}"
            );
        }
    }

    #[test]
    fn options_are_checked() {
        assert_eq!(
            svg(
                "x",
                &SvgOptions {
                    margin: 65,
                    ..Default::default()
                }
            )
            .unwrap_err()
            .field(),
            Some("margin")
        );
        assert_eq!(Ecc::parse("X").unwrap_err().field(), Some("ecc"));
        assert_eq!(
            svg(&"9".repeat(8000), &Default::default())
                .unwrap_err()
                .code(),
            ErrorCode::DataTooLong
        );
    }

    #[test]
    fn background_can_be_left_out() {
        let with = svg("x", &Default::default()).unwrap();
        let without = svg(
            "x",
            &SvgOptions {
                light: "none",
                ..Default::default()
            },
        )
        .unwrap();
        assert!(with.contains("fill=\"#fff\"") && !without.contains("fill="));
    }

    #[test]
    fn view_box_is_in_modules() {
        // "x" is version 1: 21 modules plus a quiet zone of 4 each side.
        assert!(svg("x", &Default::default())
            .unwrap()
            .contains("viewBox=\"0 0 29 29\""));
        assert!(svg(
            "x",
            &SvgOptions {
                margin: 0,
                ..Default::default()
            }
        )
        .unwrap()
        .contains("viewBox=\"0 0 21 21\""));
    }
}
