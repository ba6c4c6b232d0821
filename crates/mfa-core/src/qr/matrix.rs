//! Codewords to modules (ISO/IEC 18004 §7.7-7.9): function patterns, data placement, the eight
//! masks and the penalty that chooses one, format and version information.

use super::line::*;
#[allow(unused_imports)]
use super::Ecc;
use alloc::{vec, vec::Vec};

pub(super) fn transpose(lines: &[Line], size: usize) -> Vec<Line> {
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
pub(super) fn mask_bit(mask: u8, x: usize, y: usize) -> bool {
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
pub(super) fn apply_mask(
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
pub(super) fn penalty(rows: &[Line], cols: &[Line], size: usize) -> u32 {
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
pub(super) fn line_penalty(lines: &[Line], size: usize) -> u32 {
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

pub(super) fn push(history: &mut [usize; 7], len: usize) {
    history.rotate_right(1);
    history[0] = len;
}

/// 1 or 2 when the runs before the light run `history[0]` end a finder-like pattern.
pub(super) fn finder_like(h: &[usize; 7]) -> u32 {
    let n = h[1];
    let core = n > 0 && h[2] == n && h[3] == n * 3 && h[4] == n && h[5] == n;
    u32::from(core && h[0] >= n * 4 && h[6] >= n) + u32::from(core && h[6] >= n * 4 && h[0] >= n)
}

pub(super) fn set(rows: &mut [Line], func: &mut [Line], x: usize, y: usize, dark: bool) {
    if let (Some(r), Some(f)) = (rows.get_mut(y), func.get_mut(y)) {
        put(r, x, dark);
        put(f, x, true);
    }
}

pub(super) fn draw_function_patterns(
    rows: &mut [Line],
    func: &mut [Line],
    version: usize,
    size: usize,
) {
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
pub(super) fn format_positions(size: usize, mut f: impl FnMut(usize, usize, usize)) {
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

pub(super) fn mark_format_area(func: &mut [Line], size: usize) {
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
pub(super) fn draw_format_bits(
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
pub(super) fn draw_codewords(rows: &mut [Line], func: &[Line], data: &[u8], size: usize) {
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
