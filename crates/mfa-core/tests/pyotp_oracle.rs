//! pyotp, a second TOTP implementation, as an oracle: many random secrets (10 to 64 bytes),
//! algorithms, digit counts, periods and times (up to year 5000, past 2^32 seconds) must give
//! the same codes. scripts/setup.sh installs pyotp; if it is missing the test fails.

use mfa_core::base32;
use mfa_core::totp::{Algorithm, Totp};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const CASES: u32 = 2000;

#[test]
fn agrees_with_pyotp_on_random_cases() {
    let strategy = (
        proptest::collection::vec(any::<u8>(), 10..64),
        prop_oneof![
            Just(Algorithm::Sha1),
            Just(Algorithm::Sha256),
            Just(Algorithm::Sha512)
        ],
        6u32..=8,
        prop_oneof![Just(30u64), Just(60), 1u64..=120],
        prop_oneof![0u64..=4_000_000_000, 0u64..=95_617_584_000],
        any::<bool>(),
    );
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        ..Config::default()
    });
    let mut cases = Vec::new();
    for _ in 0..CASES {
        cases.push(strategy.new_tree(&mut runner).unwrap().current());
    }

    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/pyotp_oracle.py"
    );
    let mut python = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with pyotp must be installed: run scripts/setup.sh");
    let mut stdin = python.stdin.take().unwrap();
    let mut stdout = BufReader::new(python.stdout.take().unwrap());

    for (key, algorithm, digits, period, time, lower) in cases {
        let mut secret = base32::encode(&key);
        // pyotp reads lower-case secrets too; ours must give the same key.
        if lower {
            secret = secret.to_lowercase();
        }
        writeln!(
            stdin,
            r#"{{"secret":"{}","algorithm":"{}","digits":{digits},"period":{period},"time":{time}}}"#,
            secret.to_uppercase(),
            algorithm.as_str()
        )
        .unwrap();
        stdin.flush().unwrap();
        let mut expected = String::new();
        stdout.read_line(&mut expected).unwrap();
        assert!(!expected.is_empty(), "pyotp exited; is it installed?");
        let ours = Totp::new(&secret, algorithm, digits, period).unwrap();
        assert_eq!(
            ours.code(time),
            expected.trim(),
            "{} digits={digits} period={period} t={time}",
            algorithm.as_str()
        );
        assert_eq!(ours.verify(expected.trim(), time, 1), Some(0));
    }
    drop(stdin);
    assert!(python.wait().unwrap().success());
}
