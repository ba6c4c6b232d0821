//! What people type and paste, folded to what the validators compare: full-width forms to ASCII,
//! and recognisers for the spaces and dashes that separate groups of characters.

/// Folds a full-width form (U+FF01..U+FF5E, e.g. `１`, `Ａ`, `＋`) to its ASCII twin.
pub(crate) fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Spaces people paste: every Unicode White_Space (which includes NBSP, U+2007, U+202F and the
/// ideographic space) plus the invisible zero-width space, word joiner and BOM.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Hyphens and dashes people use to group characters, including the minus sign.
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// A separator between groups: a space or a dash.
pub(crate) fn is_separator(c: char) -> bool {
    is_space(c) || is_dash(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_digits_letters_and_plus() {
        let folded: String = "１２３ＡＢｃ＋".chars().map(fold_width).collect();
        assert_eq!(folded, "123ABc+");
    }

    #[test]
    fn separators() {
        for c in [
            ' ', '\t', '\u{A0}', '\u{202F}', '\u{3000}', '\u{200B}', '-', '\u{2013}', '\u{2212}',
        ] {
            assert!(is_separator(c), "{:?}", c);
        }
        for c in ['a', '1', '.', '_'] {
            assert!(!is_separator(c), "{:?}", c);
        }
    }
}
