//! Native timings of the operations `bench/run.sh` measures in Node and Chromium: the floor that
//! the wasm build can approach. Each operation does the same work as the JS export (the secret is
//! normalised and decoded on every call, as `totpCode`/`verifyTotp` do).
//!
//! Prints one JSON object: median nanoseconds per operation over `ROUNDS` timed batches.
//!
//! ```text
//! cargo run --release -p mfa-core --example bench
//! ```

use mfa_core::qr::{self, SvgOptions};
use mfa_core::totp::{Algorithm, Totp};
use std::hint::black_box;
use std::time::Instant;

/// The typical otpauth URI every QR measurement uses (bench/common.mjs has the same).
const URI: &str = "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME%20Co";
const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const AT: u64 = 1_700_000_000;
const ROUNDS: usize = 15;

/// Median ns/op over `ROUNDS` batches of `iters` calls, after one warm-up batch.
fn median_ns(iters: u32, mut op: impl FnMut()) -> f64 {
    for _ in 0..iters {
        op();
    }
    let mut samples: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                op();
            }
            start.elapsed().as_nanos() as f64 / f64::from(iters)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[ROUNDS / 2]
}

fn main() {
    let code = Totp::new(SECRET, Algorithm::Sha1, 6, 30).unwrap().code(AT);
    let generate = median_ns(20_000, || {
        let totp = Totp::new(black_box(SECRET), Algorithm::Sha1, 6, 30).unwrap();
        black_box(totp.code(black_box(AT)));
    });
    let verify = median_ns(20_000, || {
        let totp = Totp::new(black_box(SECRET), Algorithm::Sha1, 6, 30).unwrap();
        let typed = mfa_core::validate::totp_code(black_box(&code), 6).unwrap();
        assert_eq!(totp.verify(&typed, black_box(AT), 1), Some(0));
    });
    let svg = qr::svg(URI, &SvgOptions::default()).unwrap();
    let qr_ns = median_ns(500, || {
        black_box(qr::svg(black_box(URI), &SvgOptions::default()).unwrap());
    });
    println!(
        "{{\"totp_generate_ns\":{generate:.1},\"totp_verify_ns\":{verify:.1},\"qr_svg_ns\":{qr_ns:.1},\"qr_svg_bytes\":{}}}",
        svg.len()
    );
}
