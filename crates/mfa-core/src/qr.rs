//! QR codes as compact, accessible inline SVG.
//!
//! The SVG is one `<path>` whose stroked horizontal runs cover the dark modules (the technique
//! node-qrcode uses), `viewBox` in module units so it scales with CSS, `role="img"` and an
//! escaped `<title>`, no XML declaration and no `data:` URI, so it works under a strict
//! Content-Security-Policy. The `qrcode` crate's renderer was not used: it writes one rectangle
//! per module, 5.5x larger (TOOLCHAIN.md).
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
//! decoder in `tests/qr_decode.rs` (librsvg + ZBar), and the matrices, masks included, are
//! compared module for module with `qrcodegen` given the same segments (`matches_qrcodegen`).

use crate::{Error, ErrorCode, Result};

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

// --- The encoder ---------------------------------------------------------------------------------

/// One row or column of modules: bit `x` of word `x / 64` is module `x`, set when dark. 192 bits
/// hold the 177 modules of version 40 and the edge after them.
type Line = [u64; 3];

const EMPTY: Line = [0; 3];

/// A finished symbol: `size` rows of modules.
struct Code {
    size: usize,
    rows: Vec<Line>,
    #[cfg(test)]
    mask: u8,
    #[cfg(test)]
    version: usize,
    #[cfg(test)]
    ecc: Ecc,
}

fn bit(line: &Line, x: usize) -> bool {
    (line[(x >> 6).min(2)] >> (x & 63)) & 1 != 0
}

fn put(line: &mut Line, x: usize, dark: bool) {
    let word = &mut line[(x >> 6).min(2)];
    let m = 1u64 << (x & 63);
    if dark {
        *word |= m;
    } else {
        *word &= !m;
    }
}

/// Bit `i` of the result is bit `i - n` of `line` (towards higher indices), for n < 64.
fn shl(line: &Line, n: u32) -> Line {
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
fn shr(line: &Line, n: u32) -> Line {
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

fn zip(a: &Line, b: &Line, f: impl Fn(u64, u64) -> u64) -> Line {
    [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2])]
}

fn and(a: &Line, b: &Line) -> Line {
    zip(a, b, |x, y| x & y)
}

fn xor(a: &Line, b: &Line) -> Line {
    zip(a, b, |x, y| x ^ y)
}

fn not(a: &Line) -> Line {
    [!a[0], !a[1], !a[2]]
}

fn count(a: &Line) -> u32 {
    a.iter().map(|w| w.count_ones()).sum()
}

/// Bits `0..n` set.
fn low_bits(n: usize) -> Line {
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
fn for_each_bit(line: &Line, mut f: impl FnMut(usize)) {
    for (i, &word) in line.iter().enumerate() {
        let mut w = word;
        while w != 0 {
            f(i * 64 + w.trailing_zeros() as usize);
            w &= w - 1;
        }
    }
}

// Error-correction codewords per block and number of blocks, indexed [ecc][version] (ISO/IEC
// 18004 Table 9; the same tables as qrcodegen, index 0 unused).
#[rustfmt::skip]
const ECC_CODEWORDS_PER_BLOCK: [[u8; 41]; 4] = [
    [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
    [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
];
#[rustfmt::skip]
const NUM_BLOCKS: [[u8; 41]; 4] = [
    [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
    [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
    [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
    [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
];

fn table(t: &[[u8; 41]; 4], version: usize, ecc: Ecc) -> usize {
    usize::from(t[ecc.ordinal()][version % 41])
}

/// Modules left for data and error correction in a version (remainder bits included).
const fn raw_data_modules(version: usize) -> usize {
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
fn data_codewords(version: usize, ecc: Ecc) -> usize {
    raw_data_modules(version) / 8
        - table(&ECC_CODEWORDS_PER_BLOCK, version, ecc) * table(&NUM_BLOCKS, version, ecc)
}

// --- Segmentation ---

const NUMERIC: usize = 0;
const ALPHANUMERIC: usize = 1;
const BYTE: usize = 2;
const MODE_INDICATOR: [u32; 3] = [1, 2, 4];

/// Bits of the character count field, by mode and version class (1-9, 10-26, 27-40).
const COUNT_BITS: [[u32; 3]; 3] = [[10, 12, 14], [9, 11, 13], [8, 16, 16]];

fn alphanumeric_value(b: u8) -> Option<u32> {
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
struct Segment {
    mode: usize,
    start: usize,
    end: usize,
}

/// Bits of the segment's data (without header).
fn data_bits(seg: &Segment) -> usize {
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
fn segment(data: &[u8], class: usize) -> Vec<Segment> {
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
struct Bits {
    bytes: Vec<u8>,
    acc: u64,
    pending: u32,
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
fn data_bits_for(data: &[u8], ecc: Ecc) -> Option<(usize, Ecc, Vec<u8>)> {
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
fn add_ecc_and_interleave(data: &[u8], version: usize, ecc: Ecc) -> Vec<u8> {
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
fn encode(data: &[u8], ecc: Ecc) -> Option<Code> {
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

fn transpose(lines: &[Line], size: usize) -> Vec<Line> {
    let mut out = vec![EMPTY; size];
    for (y, line) in lines.iter().enumerate() {
        for_each_bit(line, |x| {
            if let Some(col) = out.get_mut(x) {
                put(col, y, true);
            }
        });
    }
    out
}

/// Whether mask pattern `mask` (ISO/IEC 18004 Table 10) inverts module (x, y).
fn mask_bit(mask: u8, x: usize, y: usize) -> bool {
    match mask {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (x / 3 + y / 2) % 2 == 0,
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3) % 2 == 0,
        _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
    }
}

/// `out[i] = (lines[i] ^ (pattern & !func[i])) & inside`: the mask applied to the data modules
/// of rows (`horizontal`) or columns. Every pattern repeats every 12 modules along and across a
/// line (periods 2, 3, 4 and 6), so 12 lines built by doubling cover the whole symbol.
fn apply_mask(
    out: &mut [Line],
    lines: &[Line],
    func: &[Line],
    mask: u8,
    horizontal: bool,
    inside: &Line,
) {
    let mut patterns = [EMPTY; 12];
    for (across, pattern) in patterns.iter_mut().enumerate() {
        let mut seed = 0u64;
        for along in 0..12 {
            let on = if horizontal {
                mask_bit(mask, along, across)
            } else {
                mask_bit(mask, across, along)
            };
            seed |= u64::from(on) << along;
        }
        // 60 bits of pattern per word, continued across words at the right phase.
        for (w, word) in pattern.iter_mut().enumerate() {
            let phase = (w * 64) % 12;
            let rotated = (seed >> phase | seed << (12 - phase)) & 0xFFF;
            let mut v = rotated;
            let mut width = 12;
            while width < 64 {
                v |= v << width;
                width *= 2;
            }
            *word = v;
        }
    }
    for (i, ((o, line), f)) in out.iter_mut().zip(lines).zip(func).enumerate() {
        let pattern = &patterns[i % 12];
        for w in 0..3 {
            o[w] = (line[w] ^ (pattern[w] & !f[w])) & inside[w];
        }
    }
}

/// The penalty of a masked symbol (ISO/IEC 18004 §7.8.3): N1 runs of 5+ same-colour modules,
/// N2 2x2 blocks, N3 finder-like 1:1:3:1:1 patterns with 4 light modules on a side (outside
/// the symbol counts as light), N4 the balance of dark and light.
fn penalty(rows: &[Line], cols: &[Line], size: usize) -> u32 {
    let mut score = line_penalty(rows, size) + line_penalty(cols, size);
    let inner = low_bits(size - 1);
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let same_vertical = not(&xor(a, b));
        let same_horizontal = not(&xor(a, &shr(a, 1)));
        let blocks = and(
            &and(&same_vertical, &shr(&same_vertical, 1)),
            &and(&same_horizontal, &inner),
        );
        score += 3 * count(&blocks);
    }
    let dark: usize = rows.iter().map(|r| count(r) as usize).sum();
    let total = size * size;
    // The smallest k such that the dark share is within (45 - 5k)%..(55 + 5k)%.
    let k = (dark * 20)
        .abs_diff(total * 10)
        .div_ceil(total)
        .saturating_sub(1);
    score + 10 * k as u32
}

/// N1 and N3 along each line, from its runs of same-coloured modules. N3 is counted as
/// qrcodegen counts it (its run-history method): a 1:1:3:1:1 dark-light-dark-light-dark run
/// pattern of any scale n, with at least 4n light modules on one side and n on the other; the
/// outside of the symbol is light. So the mask chosen is the one qrcodegen would choose.
fn line_penalty(lines: &[Line], size: usize) -> u32 {
    let mut score = 0;
    let inner = low_bits(size - 1);
    for line in lines {
        // Bit x of `ends` is set where module x differs from module x + 1.
        let ends = and(&xor(line, &shr(line, 1)), &inner);
        // The last 7 run lengths, newest first; light runs are pushed when the next dark run
        // starts, starting with the light outside (`size` modules, merged with a light start).
        let mut history = [0usize; 7];
        let mut light = size;
        let mut dark = bit(line, 0);
        let mut start = 0;
        let mut run = |end: usize, dark: bool, score: &mut u32, history: &mut [usize; 7]| {
            let len = end - start;
            start = end;
            if len >= 5 {
                *score += len as u32 - 2; // N1: 3 for five, 1 more for each module beyond
            }
            if dark {
                push(history, light);
                *score += 40 * finder_like(history);
                push(history, len);
                light = 0;
            } else {
                light += len;
            }
        };
        for_each_bit(&ends, |x| {
            run(x + 1, dark, &mut score, &mut history);
            dark = !dark;
        });
        run(size, dark, &mut score, &mut history);
        push(&mut history, light + size);
        score += 40 * finder_like(&history);
    }
    score
}

fn push(history: &mut [usize; 7], len: usize) {
    history.rotate_right(1);
    history[0] = len;
}

/// 1 or 2 when the runs before the light run `history[0]` end a finder-like pattern.
fn finder_like(h: &[usize; 7]) -> u32 {
    let n = h[1];
    let core = n > 0 && h[2] == n && h[3] == n * 3 && h[4] == n && h[5] == n;
    u32::from(core && h[0] >= n * 4 && h[6] >= n) + u32::from(core && h[6] >= n * 4 && h[0] >= n)
}

fn set(rows: &mut [Line], func: &mut [Line], x: usize, y: usize, dark: bool) {
    if let (Some(r), Some(f)) = (rows.get_mut(y), func.get_mut(y)) {
        put(r, x, dark);
        put(f, x, true);
    }
}

fn draw_function_patterns(rows: &mut [Line], func: &mut [Line], version: usize, size: usize) {
    // Timing patterns.
    for i in 0..size {
        set(rows, func, 6, i, i % 2 == 0);
        set(rows, func, i, 6, i % 2 == 0);
    }
    // Finder patterns with their separators, in three corners.
    for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
        for dy in -4i32..=4 {
            for dx in -4i32..=4 {
                let (x, y) = (cx as i32 + dx, cy as i32 + dy);
                if (0..size as i32).contains(&x) && (0..size as i32).contains(&y) {
                    let dist = dx.abs().max(dy.abs());
                    set(rows, func, x as usize, y as usize, dist != 2 && dist != 4);
                }
            }
        }
    }
    // Alignment patterns, except where they would overlap the finders.
    if version > 1 {
        let count = version / 7 + 2;
        let step = if version == 32 {
            26
        } else {
            (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        };
        let pos = |i: usize| {
            if i == 0 {
                6
            } else {
                size - 7 - (count - 1 - i) * step
            }
        };
        for i in 0..count {
            for j in 0..count {
                if (i == 0 && (j == 0 || j == count - 1)) || (i == count - 1 && j == 0) {
                    continue;
                }
                let (cx, cy) = (pos(i), pos(j));
                for dy in 0..5 {
                    for dx in 0..5 {
                        let dist = (dx as i32 - 2).abs().max((dy as i32 - 2).abs());
                        set(rows, func, cx + dx - 2, cy + dy - 2, dist != 1);
                    }
                }
            }
        }
    }
    // Format information (reserved here, drawn per mask) and version information.
    mark_format_area(func, size);
    if version >= 7 {
        let mut rem = version as u32;
        for _ in 0..12 {
            rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
        }
        let bits = (version as u32) << 12 | rem;
        for i in 0..18 {
            let dark = (bits >> i) & 1 != 0;
            let (a, b) = (size - 11 + i % 3, i / 3);
            set(rows, func, a, b, dark);
            set(rows, func, b, a, dark);
        }
    }
}

/// The 31 modules of the two copies of the format information, and the dark module.
fn format_positions(size: usize, mut f: impl FnMut(usize, usize, usize)) {
    for i in 0..6 {
        f(8, i, i);
    }
    f(8, 7, 6);
    f(8, 8, 7);
    f(7, 8, 8);
    for i in 9..15 {
        f(14 - i, 8, i);
    }
    for i in 0..8 {
        f(size - 1 - i, 8, i);
    }
    for i in 8..15 {
        f(8, size - 15 + i, i);
    }
}

fn mark_format_area(func: &mut [Line], size: usize) {
    format_positions(size, |x, y, _| {
        if let Some(line) = func.get_mut(y) {
            put(line, x, true);
        }
    });
    if let Some(line) = func.get_mut(size - 8) {
        put(line, 8, true);
    }
}

/// Draws the format information (level and mask with its BCH code) into the rows and, when
/// given, the columns, plus the always-dark module.
fn draw_format_bits(
    rows: &mut [Line],
    mut cols: Option<&mut [Line]>,
    ecc: Ecc,
    mask: u8,
    size: usize,
) {
    let data = ecc.format_bits() << 3 | u32::from(mask);
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    let bits = (data << 10 | rem) ^ 0x5412;
    let mut draw = |x: usize, y: usize, dark: bool| {
        if let Some(line) = rows.get_mut(y) {
            put(line, x, dark);
        }
        if let Some(line) = cols.as_deref_mut().and_then(|c| c.get_mut(x)) {
            put(line, y, dark);
        }
    };
    format_positions(size, |x, y, i| draw(x, y, (bits >> i) & 1 != 0));
    draw(8, size - 8, true);
}

/// Places the codewords in the zigzag order of ISO/IEC 18004 §7.7.3, skipping function modules.
/// Remainder bits stay light.
fn draw_codewords(rows: &mut [Line], func: &[Line], data: &[u8], size: usize) {
    let total = data.len() * 8;
    let mut i = 0;
    let mut right = size - 1;
    loop {
        if right == 6 {
            right = 5;
        }
        let upward = (right + 1) & 2 == 0;
        for vert in 0..size {
            let y = if upward { size - 1 - vert } else { vert };
            for x in [right, right - 1] {
                let is_func = func.get(y).is_some_and(|f| bit(f, x));
                if !is_func && i < total {
                    let dark = data
                        .get(i >> 3)
                        .is_some_and(|&b| (b >> (7 - (i & 7))) & 1 != 0);
                    if let Some(line) = rows.get_mut(y) {
                        put(line, x, dark);
                    }
                    i += 1;
                }
            }
        }
        if right < 3 {
            break;
        }
        right -= 2;
    }
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
                    ALPHANUMERIC => {
                        QrSegment::make_alphanumeric(std::str::from_utf8(bytes).unwrap())
                    }
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
}
