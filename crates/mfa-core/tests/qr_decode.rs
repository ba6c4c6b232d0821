//! Every SVG the renderer produces is rasterized by librsvg (`rsvg-convert`) and decoded by ZBar
//! (`zbarimg`), two independent programs, and compared byte for byte with the input: random
//! ASCII and UTF-8 text, all four ECC levels, several margins and colours. scripts/setup.sh
//! installs both tools; a missing tool fails the test rather than skipping it.

use mfa_core::qr::{svg, Ecc, SvgOptions};
use proptest::prelude::*;
use std::io::Write;
use std::process::{Command, Stdio};

fn decode(svg_text: &str) -> Vec<u8> {
    let mut rsvg = Command::new("rsvg-convert")
        .args(["--zoom", "4", "--background-color", "white"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rsvg-convert (librsvg2-bin) must be installed: run scripts/setup.sh");
    rsvg.stdin
        .take()
        .unwrap()
        .write_all(svg_text.as_bytes())
        .unwrap();
    let png = rsvg.wait_with_output().unwrap();
    assert!(png.status.success(), "rsvg-convert failed");
    let mut zbar = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sbinary", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("zbarimg (zbar-tools) must be installed: run scripts/setup.sh");
    zbar.stdin.take().unwrap().write_all(&png.stdout).unwrap();
    let out = zbar.wait_with_output().unwrap();
    assert!(out.status.success(), "zbarimg found no QR code");
    out.stdout
}

fn ecc() -> impl Strategy<Value = Ecc> {
    prop_oneof![Just(Ecc::L), Just(Ecc::M), Just(Ecc::Q), Just(Ecc::H)]
}

#[test]
fn a_typical_otpauth_uri_decodes_at_every_level() {
    let uri = "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co";
    for ecc in [Ecc::L, Ecc::M, Ecc::Q, Ecc::H] {
        assert_eq!(
            decode(
                &svg(
                    uri,
                    &SvgOptions {
                        ecc,
                        ..Default::default()
                    }
                )
                .unwrap()
            ),
            uri.as_bytes()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_text_round_trips_through_a_real_decoder(
        text in prop_oneof![
            "[ -~]{1,300}",                       // printable ASCII
            "\\PC{1,80}",                         // any Unicode (multi-byte UTF-8)
            "[0-9]{1,500}",                       // numeric mode
            "[A-Z0-9 $%*+./:-]{1,300}",           // alphanumeric mode
        ],
        ecc in ecc(),
        margin in 2u32..=6,
        dark in prop_oneof![Just("#000"), Just("black"), Just("rgb(20 40 80)")],
    ) {
        let rendered = svg(&text, &SvgOptions { ecc, margin, dark, ..Default::default() }).unwrap();
        prop_assert_eq!(decode(&rendered), text.as_bytes());
    }
}
