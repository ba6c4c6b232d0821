//! Rows and columns of modules as 192-bit bitsets, and the finished symbol.

#[cfg(test)]
use super::Ecc;
use alloc::vec::Vec;

/// One row or column of modules: bit `x` of word `x / 64` is module `x`, set when dark. 192 bits
/// hold the 177 modules of version 40 and the edge after them.
pub(super) type Line = [u64; 3];

pub(super) const EMPTY: Line = [0; 3];

/// A finished symbol: `size` rows of modules.
pub(super) struct Code {
    pub(super) size: usize,
    pub(super) rows: Vec<Line>,
    #[cfg(test)]
    pub(super) mask: u8,
    #[cfg(test)]
    pub(super) version: usize,
    #[cfg(test)]
    pub(super) ecc: Ecc,
}

pub(super) fn bit(line: &Line, x: usize) -> bool {
    (line[(x >> 6).min(2)] >> (x & 63)) & 1 != 0
}

pub(super) fn put(line: &mut Line, x: usize, dark: bool) {
    let word = &mut line[(x >> 6).min(2)];
    let m = 1u64 << (x & 63);
    if dark {
        *word |= m;
    } else {
        *word &= !m;
    }
}

/// Bit `i` of the result is bit `i - n` of `line` (towards higher indices), for n < 64.
pub(super) fn shl(line: &Line, n: u32) -> Line {
    if n == 0 {
        return *line;
    }
    let mut out = EMPTY;
    for i in 0..3 {
        out[i] = line[i] << n;
        if i > 0 {
            out[i] |= line[i - 1] >> (64 - n);
        }
    }
    out
}

/// Bit `i` of the result is bit `i + n` of `line`, for n < 64.
pub(super) fn shr(line: &Line, n: u32) -> Line {
    if n == 0 {
        return *line;
    }
    let mut out = EMPTY;
    for i in 0..3 {
        out[i] = line[i] >> n;
        if i < 2 {
            out[i] |= line[i + 1] << (64 - n);
        }
    }
    out
}

pub(super) fn zip(a: &Line, b: &Line, f: impl Fn(u64, u64) -> u64) -> Line {
    [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2])]
}

pub(super) fn and(a: &Line, b: &Line) -> Line {
    zip(a, b, |x, y| x & y)
}

pub(super) fn xor(a: &Line, b: &Line) -> Line {
    zip(a, b, |x, y| x ^ y)
}

pub(super) fn not(a: &Line) -> Line {
    [!a[0], !a[1], !a[2]]
}

pub(super) fn count(a: &Line) -> u32 {
    a.iter().map(|w| w.count_ones()).sum()
}

/// Bits `0..n` set.
pub(super) fn low_bits(n: usize) -> Line {
    let mut out = EMPTY;
    for (i, word) in out.iter_mut().enumerate() {
        let lo = i * 64;
        *word = if n >= lo + 64 {
            u64::MAX
        } else if n > lo {
            (1u64 << (n - lo)) - 1
        } else {
            0
        };
    }
    out
}

/// Calls `f` with the index of every set bit, in increasing order.
pub(super) fn for_each_bit(line: &Line, mut f: impl FnMut(usize)) {
    for (i, &word) in line.iter().enumerate() {
        let mut w = word;
        while w != 0 {
            f(i * 64 + w.trailing_zeros() as usize);
            w &= w - 1;
        }
    }
}
