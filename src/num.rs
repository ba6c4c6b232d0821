//! Rounding of `f64` without std (`f64::floor` and friends call libm, which `core` lacks): by
//! casting to `i64`, which wasm does in one instruction (`i64.trunc_sat_f64_s`). Exact for
//! |x| < 2^63; every number rounded here is a time in seconds or milliseconds, or a count, far
//! below 2^53.

use alloc::string::String;
use alloc::vec::Vec;

/// Rounded toward zero (NaN gives 0).
pub(crate) fn trunc(x: f64) -> f64 {
    x as i64 as f64
}

/// The largest whole number not above `x`.
pub(crate) fn floor(x: f64) -> f64 {
    let t = trunc(x);
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// Whether `x` is a finite whole number below 2^63 in magnitude.
pub(crate) fn is_whole(x: f64) -> bool {
    x.is_finite() && trunc(x) == x && x.abs() < (1u64 << 63) as f64
}

/// `n` in decimal, without `core::fmt` (whose integer formatting and tables would be linked).
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) fn decimal(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    digits.into_iter().map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_as_std_on_the_numbers_this_crate_rounds() {
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            0.49999,
            1e15 + 0.5,
            -7.25,
        ];
        values.extend((0..2000).map(|i| (i as f64 - 1000.0) * 0.37 + 1.7e9 * (i % 3) as f64));
        for x in values {
            assert_eq!(floor(x), x.floor(), "floor {x}");
            assert_eq!(is_whole(x), x.fract() == 0.0, "is_whole {x}");
        }
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e19, -1e300] {
            assert!(!is_whole(x), "{x}");
        }
    }

    #[test]
    fn decimal_is_to_string() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }
}
