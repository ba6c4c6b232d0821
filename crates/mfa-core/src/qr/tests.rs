//! Unit tests of the encoder and the SVG: markup safety, options, and module-for-module agreement
//! with qrcodegen (dev-dependency) given the same segments.

use super::encode::*;
use super::line::*;
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

/// The matrix equals qrcodegen's for the same segments, version and level: checks the
/// codewords, the error correction, the interleaving, the placement, the masks and the
/// penalty that chooses among them.
fn matches_qrcodegen(text: &str, ecc: Ecc) {
    use qrcodegen::{QrCode, QrCodeEcc, QrSegment, Version};
    let ours = encode(text.as_bytes(), ecc).unwrap();
    let class = match ours.version {
        1..=9 => 0,
        10..=26 => 1,
        _ => 2,
    };
    let segs: Vec<QrSegment> = segment(text.as_bytes(), class)
        .iter()
        .map(|seg| {
            let bytes = &text.as_bytes()[seg.start..seg.end];
            match seg.mode {
                NUMERIC => QrSegment::make_numeric(std::str::from_utf8(bytes).unwrap()),
                ALPHANUMERIC => QrSegment::make_alphanumeric(std::str::from_utf8(bytes).unwrap()),
                _ => QrSegment::make_bytes(bytes),
            }
        })
        .collect();
    let level = |e: Ecc| match e {
        Ecc::L => QrCodeEcc::Low,
        Ecc::M => QrCodeEcc::Medium,
        Ecc::Q => QrCodeEcc::Quartile,
        Ecc::H => QrCodeEcc::High,
    };
    // No mask given: qrcodegen chooses it, and the penalty rules agree.
    let theirs = QrCode::encode_segments_advanced(
        &segs,
        level(ecc),
        Version::new(ours.version as u8),
        Version::new(ours.version as u8),
        None,
        true,
    )
    .unwrap();
    assert_eq!(theirs.mask().value(), ours.mask, "{text:?} {ecc:?}");
    assert_eq!(theirs.error_correction_level(), level(ours.ecc), "{text:?}");
    assert_eq!(theirs.size() as usize, ours.size);
    for y in 0..ours.size {
        for x in 0..ours.size {
            assert_eq!(
                bit(&ours.rows[y], x),
                theirs.get_module(x as i32, y as i32),
                "{text:?} {ecc:?} module ({x}, {y})"
            );
        }
    }
}

#[test]
fn the_typical_uri_is_version_6_with_mixed_segments() {
    let uri = "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co";
    let code = encode(uri.as_bytes(), Ecc::M).unwrap();
    assert_eq!((code.version, code.ecc), (6, Ecc::M));
    for ecc in [Ecc::L, Ecc::M, Ecc::Q, Ecc::H] {
        matches_qrcodegen(uri, ecc);
    }
}

#[test]
fn every_version_and_mode_matches_qrcodegen() {
    // Lengths that walk through all 40 versions and the three count-field widths.
    for n in [1, 2, 3, 17, 40, 100, 300, 700, 1200, 1800, 2300, 2900] {
        for ecc in [Ecc::L, Ecc::M, Ecc::Q, Ecc::H] {
            let digits: String = (0..n)
                .map(|i| char::from(b'0' + (i * 7 % 10) as u8))
                .collect();
            let alnum: String = (0..n)
                .map(|i| char::from(b"AB1 $%*+-./:Z9"[i % 14]))
                .collect();
            let bytes: String = (0..n).map(|i| char::from(b"ab1C"[i % 4])).collect();
            for text in [digits, alnum, bytes] {
                if encode(text.as_bytes(), ecc).is_some() {
                    matches_qrcodegen(&text, ecc);
                }
            }
        }
    }
    matches_qrcodegen("héllo wörld 123456789012 ABCDEFGHIJKLMNOP", Ecc::M);
}

/// ZBar 0.23.92 reads this 227-character text back with "D10A" appended; quirc reads it exactly
/// (tests/qr_decode.rs). The symbol is qrcodegen's, module for module, so the defect is ZBar's.
#[test]
fn the_text_zbar_misreads_matches_qrcodegen() {
    let text = include_str!("../../../../testdata/qr_zbar_misreads.txt");
    assert_eq!(text.len(), 227);
    matches_qrcodegen(text, Ecc::L);
}

proptest::proptest! {
    #[test]
    fn random_text_matches_qrcodegen(
        text in proptest::prop_oneof!["[ -~]{1,200}", "[0-9A-Z:/%]{1,200}", "\\PC{1,60}"],
        ecc in proptest::prop_oneof![
            proptest::strategy::Just(Ecc::L),
            proptest::strategy::Just(Ecc::M),
            proptest::strategy::Just(Ecc::Q),
            proptest::strategy::Just(Ecc::H)
        ],
    ) {
        matches_qrcodegen(&text, ecc);
    }
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

#[test]
fn size_sets_width_and_height_and_keeps_the_view_box() {
    let default = svg("x", &Default::default()).unwrap();
    assert!(default.starts_with(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 29 29\" width=\"200\" height=\"200\" role=\"img\""
    ));
    let small = svg(
        "x",
        &SvgOptions {
            size: 120,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(small.contains("viewBox=\"0 0 29 29\" width=\"120\" height=\"120\" "));
    let fill = svg(
        "x",
        &SvgOptions {
            size: 0,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(fill.contains("viewBox=\"0 0 29 29\" role=") && !fill.contains("width="));
    let err = svg(
        "x",
        &SvgOptions {
            size: MAX_SIZE + 1,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::InvalidInput, Some("size"))
    );
}
