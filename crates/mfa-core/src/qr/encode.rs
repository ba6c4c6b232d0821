//! Text to codewords (ISO/IEC 18004 §7.4-7.6): optimal segmentation into numeric, alphanumeric
//! and byte segments, version and error-correction choice, Reed-Solomon blocks, interleaving.

use super::line::*;
use super::matrix::*;
use super::Ecc;
use alloc::{vec, vec::Vec};

// Error-correction codewords per block and number of blocks, indexed [ecc][version] (ISO/IEC
// 18004 Table 9; the same tables as qrcodegen, index 0 unused).
#[rustfmt::skip]
pub(super) const ECC_CODEWORDS_PER_BLOCK: [[u8; 41]; 4] = [
    [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
    [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
];
#[rustfmt::skip]
pub(super) const NUM_BLOCKS: [[u8; 41]; 4] = [
    [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
    [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
    [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
    [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
];

pub(super) fn table(t: &[[u8; 41]; 4], version: usize, ecc: Ecc) -> usize {
    usize::from(t[ecc.ordinal()][version % 41])
}

/// Modules left for data and error correction in a version (remainder bits included).
pub(super) const fn raw_data_modules(version: usize) -> usize {
    let mut n = (16 * version + 128) * version + 64;
    if version >= 2 {
        let align = version / 7 + 2;
        n -= (25 * align - 10) * align - 55;
        if version >= 7 {
            n -= 36;
        }
    }
    n
}

/// Data codewords of a version at a level.
pub(super) fn data_codewords(version: usize, ecc: Ecc) -> usize {
    raw_data_modules(version) / 8
        - table(&ECC_CODEWORDS_PER_BLOCK, version, ecc) * table(&NUM_BLOCKS, version, ecc)
}

// --- Segmentation ---

pub(super) const NUMERIC: usize = 0;
pub(super) const ALPHANUMERIC: usize = 1;
pub(super) const BYTE: usize = 2;
pub(super) const MODE_INDICATOR: [u32; 3] = [1, 2, 4];

/// Bits of the character count field, by mode and version class (1-9, 10-26, 27-40).
pub(super) const COUNT_BITS: [[u32; 3]; 3] = [[10, 12, 14], [9, 11, 13], [8, 16, 16]];

pub(super) fn alphanumeric_value(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'A'..=b'Z' => Some(u32::from(b - b'A') + 10),
        b' ' => Some(36),
        b'$' => Some(37),
        b'%' => Some(38),
        b'*' => Some(39),
        b'+' => Some(40),
        b'-' => Some(41),
        b'.' => Some(42),
        b'/' => Some(43),
        b':' => Some(44),
        _ => None,
    }
}

/// A run of the input bytes in one mode.
#[derive(Clone, Copy)]
pub(super) struct Segment {
    pub(super) mode: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Bits of the segment's data (without header).
pub(super) fn data_bits(seg: &Segment) -> usize {
    let n = seg.end - seg.start;
    match seg.mode {
        NUMERIC => n / 3 * 10 + [0, 4, 7][n % 3],
        ALPHANUMERIC => n / 2 * 11 + n % 2 * 6,
        _ => n * 8,
    }
}

/// The segmentation of `data` with the fewest bits for a version class (the dynamic programming
/// of Nayuki's "optimal text segmentation", over bytes: non-ASCII bytes are byte mode anyway).
/// Costs are in sixths of a bit so that 10/3 and 11/2 bits per character stay exact.
pub(super) fn segment(data: &[u8], class: usize) -> Vec<Segment> {
    let head = |mode: usize| (4 + COUNT_BITS[mode][class] as usize) * 6;
    // from[i][m]: the mode byte i is encoded in when the encoding is in mode m after byte i.
    let mut from: Vec<[u8; 3]> = Vec::with_capacity(data.len());
    let mut costs = [head(NUMERIC), head(ALPHANUMERIC), head(BYTE)];
    for &b in data {
        // Encoded in the current mode...
        let mut direct = [usize::MAX; 3];
        direct[BYTE] = costs[BYTE] + 48;
        if alphanumeric_value(b).is_some() {
            direct[ALPHANUMERIC] = costs[ALPHANUMERIC] + 33;
        }
        if b.is_ascii_digit() {
            direct[NUMERIC] = costs[NUMERIC] + 20;
        }
        // ...or, after it, the segment ends (rounded up to whole bits) and another one starts.
        let mut cur = direct;
        let mut modes = [NUMERIC as u8, ALPHANUMERIC as u8, BYTE as u8];
        for (to, slot) in cur.iter_mut().enumerate() {
            for (prev, &cost) in direct.iter().enumerate() {
                if cost == usize::MAX {
                    continue;
                }
                let switched = cost.div_ceil(6) * 6 + head(to);
                if switched < *slot {
                    *slot = switched;
                    modes[to] = prev as u8;
                }
            }
        }
        from.push(modes);
        costs = cur;
    }
    // Trace back from the cheapest final mode.
    let mut mode = (0..3).min_by_key(|&m| costs[m]).unwrap_or(BYTE);
    let mut segs: Vec<Segment> = Vec::new();
    for i in (0..data.len()).rev() {
        let encoded = usize::from(from[i][mode]);
        mode = encoded;
        match segs.last_mut() {
            Some(seg) if seg.mode == encoded => seg.start = i,
            _ => segs.push(Segment {
                mode: encoded,
                start: i,
                end: i + 1,
            }),
        }
    }
    segs.reverse();
    segs
}

/// Big-endian bit writer for the data codewords.
pub(super) struct Bits {
    pub(super) bytes: Vec<u8>,
    pub(super) acc: u64,
    pub(super) pending: u32,
}

impl Bits {
    fn push(&mut self, value: u32, len: u32) {
        self.acc = (self.acc << len) | u64::from(value);
        self.pending += len;
        while self.pending >= 8 {
            self.pending -= 8;
            self.bytes.push((self.acc >> self.pending) as u8);
        }
    }

    fn len(&self) -> usize {
        self.bytes.len() * 8 + self.pending as usize
    }
}

/// The version, the (possibly boosted) level and the data codewords for `data`, or `None` when
/// it does not fit in version 40.
pub(super) fn data_bits_for(data: &[u8], ecc: Ecc) -> Option<(usize, Ecc, Vec<u8>)> {
    for (class, versions) in [(0usize, 1..=9usize), (1, 10..=26), (2, 27..=40)] {
        let segs = segment(data, class);
        let mut bits = 0;
        for seg in &segs {
            let count_bits = COUNT_BITS[seg.mode][class];
            if seg.end - seg.start >= 1 << count_bits {
                bits = usize::MAX; // the count does not fit its field: not in this class
                break;
            }
            bits += 4 + count_bits as usize + data_bits(seg);
        }
        let Some(version) = versions
            .clone()
            .find(|&v| bits <= data_codewords(v, ecc) * 8)
        else {
            continue;
        };
        // Raise the level while the data still fits in this version (as qrcodegen does).
        let mut ecc = ecc;
        for higher in [Ecc::M, Ecc::Q, Ecc::H] {
            if higher.ordinal() > ecc.ordinal() && bits <= data_codewords(version, higher) * 8 {
                ecc = higher;
            }
        }
        let capacity = data_codewords(version, ecc);
        let mut out = Bits {
            bytes: Vec::with_capacity(capacity),
            acc: 0,
            pending: 0,
        };
        for seg in &segs {
            out.push(MODE_INDICATOR[seg.mode], 4);
            out.push((seg.end - seg.start) as u32, COUNT_BITS[seg.mode][class]);
            let chunk = data.get(seg.start..seg.end).unwrap_or_default();
            match seg.mode {
                NUMERIC => {
                    for group in chunk.chunks(3) {
                        let v = group.iter().fold(0, |v, &d| v * 10 + u32::from(d - b'0'));
                        out.push(v, group.len() as u32 * 3 + 1);
                    }
                }
                ALPHANUMERIC => {
                    for pair in chunk.chunks(2) {
                        let v = pair
                            .iter()
                            .fold(0, |v, &c| v * 45 + alphanumeric_value(c).unwrap_or(0));
                        out.push(v, pair.len() as u32 * 5 + 1);
                    }
                }
                _ => {
                    for &b in chunk {
                        out.push(u32::from(b), 8);
                    }
                }
            }
        }
        // Terminator (up to 4 zero bits), zero bits to a byte boundary, then alternating pad bytes.
        let terminator = (capacity * 8 - out.len()).min(4) as u32;
        out.push(0, terminator);
        out.push(0, (8 - out.pending) % 8);
        let mut pad = 0xEC;
        while out.bytes.len() < capacity {
            out.bytes.push(pad);
            pad ^= 0xEC ^ 0x11;
        }
        return Some((version, ecc, out.bytes));
    }
    None
}

/// Appends the Reed-Solomon error correction to each block and interleaves the blocks
/// (ISO/IEC 18004 §7.5, §7.6).
pub(super) fn add_ecc_and_interleave(data: &[u8], version: usize, ecc: Ecc) -> Vec<u8> {
    // GF(2^8) with the polynomial 0x11D: exp table doubled so that log a + log b needs no modulo.
    let mut exp = [0u8; 512];
    let mut log = [0u8; 256];
    let mut x = 1u16;
    for i in 0..255 {
        exp[i] = x as u8;
        exp[i + 255] = x as u8;
        log[usize::from(x as u8)] = i as u8;
        x <<= 1;
        if x & 0x100 != 0 {
            x ^= 0x11D;
        }
    }
    let mul = |a: u8, b: u8| -> u8 {
        if a == 0 || b == 0 {
            0
        } else {
            exp[usize::from(log[usize::from(a)]) + usize::from(log[usize::from(b)])]
        }
    };

    let blocks = table(&NUM_BLOCKS, version, ecc).max(1);
    let ecc_len = table(&ECC_CODEWORDS_PER_BLOCK, version, ecc);
    let raw = raw_data_modules(version) / 8;
    let short_blocks = blocks - raw % blocks;
    let short_len = raw / blocks; // codewords in a short block, ecc included

    // The generator polynomial (x - r^0)(x - r^1)...(x - r^(n-1)), leading 1 dropped.
    let mut divisor = [0u8; 30];
    let divisor = &mut divisor[..ecc_len.min(30)];
    if let Some(last) = divisor.last_mut() {
        *last = 1;
    }
    let mut root = 1u8;
    for _ in 0..divisor.len() {
        for j in 0..divisor.len() {
            divisor[j] = mul(divisor[j], root);
            if j + 1 < divisor.len() {
                divisor[j] ^= divisor[j + 1];
            }
        }
        root = mul(root, 2);
    }

    let mut out = vec![0u8; raw];
    let mut k = 0;
    for i in 0..blocks {
        let len = short_len - ecc_len + usize::from(i >= short_blocks);
        let block = data.get(k..k + len).unwrap_or_default();
        k += len;
        let mut rem = [0u8; 30];
        let rem = &mut rem[..divisor.len()];
        for &b in block {
            let factor = b ^ rem[0];
            rem.copy_within(1.., 0);
            if let Some(last) = rem.last_mut() {
                *last = 0;
            }
            for (r, &d) in rem.iter_mut().zip(divisor.iter()) {
                *r ^= mul(d, factor);
            }
        }
        // Interleave: data codeword j of every block, then error correction codeword j.
        for (j, &b) in block.iter().enumerate() {
            let at = j * blocks + i
                - if j >= short_len - ecc_len {
                    short_blocks
                } else {
                    0
                };
            if let Some(slot) = out.get_mut(at) {
                *slot = b;
            }
        }
        let data_total = raw - ecc_len * blocks;
        for (j, &b) in rem.iter().enumerate() {
            if let Some(slot) = out.get_mut(data_total + j * blocks + i) {
                *slot = b;
            }
        }
    }
    out
}

/// Encodes `data` and chooses the mask with the lowest penalty.
pub(super) fn encode(data: &[u8], ecc: Ecc) -> Option<Code> {
    let (version, ecc, codewords) = data_bits_for(data, ecc)?;
    let all = add_ecc_and_interleave(&codewords, version, ecc);
    let size = version * 4 + 17;
    let mut rows = vec![EMPTY; size];
    let mut func = vec![EMPTY; size];
    draw_function_patterns(&mut rows, &mut func, version, size);
    draw_codewords(&mut rows, &func, &all, size);

    let cols = transpose(&rows, size);
    let func_cols = transpose(&func, size);
    let inside = low_bits(size);
    let mut masked_rows = vec![EMPTY; size];
    let mut masked_cols = vec![EMPTY; size];
    let mut best = (u32::MAX, 0u8);
    for mask in 0..8u8 {
        apply_mask(&mut masked_rows, &rows, &func, mask, true, &inside);
        apply_mask(&mut masked_cols, &cols, &func_cols, mask, false, &inside);
        draw_format_bits(&mut masked_rows, Some(&mut masked_cols), ecc, mask, size);
        let score = penalty(&masked_rows, &masked_cols, size);
        if score < best.0 {
            best = (score, mask);
        }
    }
    apply_mask(&mut masked_rows, &rows, &func, best.1, true, &inside);
    draw_format_bits(&mut masked_rows, None, ecc, best.1, size);
    Some(Code {
        size,
        rows: masked_rows,
        #[cfg(test)]
        mask: best.1,
        #[cfg(test)]
        version,
        #[cfg(test)]
        ecc,
    })
}
