//! Character folding: the dictionary form of text.
//!
//! Event and actor dictionaries (TABARI/PETRARCH style) are written in upper case
//! ASCII, so every token carries a `norm` made by folding its characters one by one:
//!
//! * letters are upper-cased;
//! * Latin letters with diacritics fold to their ASCII base (`Erdoğan` → `ERDOGAN`,
//!   `Gérald` → `GERALD`, `Nguyễn` → `NGUYEN`); ligatures and special letters expand
//!   (`ß` → `SS`, `Æ` → `AE`, `Œ` → `OE`, `Þ` → `TH`, `Ł` → `L`, `Ø` → `O`);
//! * combining diacritical marks (U+0300–U+036F, as in decomposed text) are dropped;
//! * single quotes and primes `‘ ’ ‚ ‛ ′ ʼ` become `'`;
//! * double quotes and guillemets `“ ” „ ‟ ″ « »` become `"`;
//! * hyphen and dash variants `‐ ‑ ‒ – — ― − ⁃ ﹣ －` become `-`;
//! * the ellipsis `…` becomes `...`;
//! * no-break and other Unicode spaces become a plain space;
//! * everything else (Cyrillic, Arabic, CJK, symbols) is upper-cased by Unicode rules
//!   (or kept when it has no case).
//!
//! Folding works on a copy: offsets always stay on the original text (a token's span
//! covers its original characters, its `norm` is the folded copy).

/// The folded (dictionary) form of `text`: the concatenation of [`push_folded`] over
/// its characters.
///
/// ```
/// use detente::text::normalize::fold;
/// assert_eq!(fold("Erdoğan’s “peace” plan—now"), "ERDOGAN'S \"PEACE\" PLAN-NOW");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Appends the folded form of one character to `out` (zero, one or more chars).
#[inline]
pub fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
        return;
    }
    if let Some(s) = fold_special(c) {
        out.push_str(s);
        return;
    }
    for u in c.to_uppercase() {
        out.push(u);
    }
}

/// The folded form of one character as a string, when it differs from plain
/// Unicode upper-casing: Latin letters with diacritics, ligatures, quotes, dashes,
/// the ellipsis, spaces, and combining marks (which fold to the empty string).
/// `None` means "upper-case it by Unicode rules" (or the char is ASCII).
pub fn fold_special(c: char) -> Option<&'static str> {
    let u = c as u32;
    let s = match u {
        // Latin-1 Supplement.
        0x00A0 => " ",
        0x00AB | 0x00BB => "\"",
        0x00C0..=0x00C5 | 0x00E0..=0x00E5 => "A",
        0x00C6 | 0x00E6 => "AE",
        0x00C7 | 0x00E7 => "C",
        0x00C8..=0x00CB | 0x00E8..=0x00EB => "E",
        0x00CC..=0x00CF | 0x00EC..=0x00EF => "I",
        0x00D0 | 0x00F0 => "D",
        0x00D1 | 0x00F1 => "N",
        0x00D2..=0x00D6 | 0x00D8 | 0x00F2..=0x00F6 | 0x00F8 => "O",
        0x00D9..=0x00DC | 0x00F9..=0x00FC => "U",
        0x00DD | 0x00FD | 0x00FF => "Y",
        0x00DE | 0x00FE => "TH",
        0x00DF => "SS",
        // Latin Extended-A.
        0x0100..=0x0105 => "A",
        0x0106..=0x010D => "C",
        0x010E..=0x0111 => "D",
        0x0112..=0x011B => "E",
        0x011C..=0x0123 => "G",
        0x0124..=0x0127 => "H",
        0x0128..=0x0131 => "I",
        0x0132 | 0x0133 => "IJ",
        0x0134 | 0x0135 => "J",
        0x0136..=0x0138 => "K",
        0x0139..=0x0142 => "L",
        0x0143..=0x014B => "N",
        0x014C..=0x0151 => "O",
        0x0152 | 0x0153 => "OE",
        0x0154..=0x0159 => "R",
        0x015A..=0x0161 | 0x017F => "S",
        0x0162..=0x0167 => "T",
        0x0168..=0x0173 => "U",
        0x0174 | 0x0175 => "W",
        0x0176..=0x0178 => "Y",
        0x0179..=0x017E => "Z",
        // Latin Extended-B (the letters seen in names: Vietnamese horn letters,
        // pinyin tones, Romanian comma-below).
        0x0180 => "B",
        0x0192 => "F",
        0x01A0 | 0x01A1 => "O",
        0x01AF | 0x01B0 => "U",
        0x01CD | 0x01CE => "A",
        0x01CF | 0x01D0 => "I",
        0x01D1 | 0x01D2 => "O",
        0x01D3..=0x01DC => "U",
        0x0218 | 0x0219 => "S",
        0x021A | 0x021B => "T",
        // Modifier apostrophe (Ukrainian and Arabic transliteration).
        0x02BC => "'",
        // Combining diacritical marks: dropped.
        0x0300..=0x036F => "",
        // Latin Extended Additional (Vietnamese and others, the main blocks).
        0x1E00 | 0x1E01 | 0x1EA0..=0x1EB7 => "A",
        0x1E0C..=0x1E13 => "D",
        0x1E24 | 0x1E25 => "H",
        0x1E36 | 0x1E37 => "L",
        0x1E42 | 0x1E43 => "M",
        0x1E44..=0x1E4B => "N",
        0x1E5A | 0x1E5B => "R",
        0x1E62 | 0x1E63 => "S",
        0x1E6C | 0x1E6D => "T",
        0x1E92 | 0x1E93 => "Z",
        0x1EB8..=0x1EC7 => "E",
        0x1EC8..=0x1ECB => "I",
        0x1ECC..=0x1EE3 => "O",
        0x1EE4..=0x1EF1 => "U",
        0x1EF2..=0x1EF9 => "Y",
        // Spaces.
        0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => " ",
        // Zero-width characters: dropped.
        0x200B..=0x200D | 0x2060 | 0xFEFF => "",
        // Dashes and hyphens.
        0x2010..=0x2015 | 0x2043 | 0x2212 | 0xFE58 | 0xFE63 | 0xFF0D => "-",
        // Quotes.
        0x2018 | 0x2019 | 0x201A | 0x201B | 0x2032 | 0x2035 => "'",
        0x201C..=0x201F | 0x2033 | 0x2036 => "\"",
        0x2026 => "...",
        _ => return None,
    };
    Some(s)
}

/// Apostrophes: `'`, `’` (the usual one in edited news), `ʼ`.
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Characters that join a hyphenated word: `-`, `‐` (U+2010), `‑` (U+2011).
#[inline]
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Any hyphen, dash or minus sign (all fold to `-`).
#[inline]
pub fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            ..='\u{2015}' | '\u{2043}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// Combining marks that belong to the letter before them (U+0300–U+036F and the
/// other combining blocks that occur in Latin text).
#[inline]
pub fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_upper_cased() {
        assert_eq!(fold("Hamas fired 30 rockets."), "HAMAS FIRED 30 ROCKETS.");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn diacritics_fold_to_ascii() {
        assert_eq!(fold("Erdoğan"), "ERDOGAN");
        assert_eq!(fold("Zelenskyy"), "ZELENSKYY");
        assert_eq!(fold("Gérald Darmanin"), "GERALD DARMANIN");
        assert_eq!(fold("Lech Wałęsa"), "LECH WALESA");
        assert_eq!(fold("São Paulo"), "SAO PAULO");
        assert_eq!(fold("Nguyễn Tấn Dũng"), "NGUYEN TAN DUNG");
        assert_eq!(fold("Straße"), "STRASSE");
        assert_eq!(fold("Søren Kierkegaard"), "SOREN KIERKEGAARD");
        assert_eq!(fold("Ceaușescu"), "CEAUSESCU");
        assert_eq!(fold("Œuvre"), "OEUVRE");
        // Decomposed: g + combining breve.
        assert_eq!(fold("Erdog\u{0306}an"), "ERDOGAN");
    }

    #[test]
    fn non_latin_is_upper_cased_or_kept() {
        assert_eq!(fold("Путин"), "ПУТИН");
        assert_eq!(fold("حماس"), "حماس");
        assert_eq!(fold("北京"), "北京");
    }

    #[test]
    fn quotes_dashes_and_ellipsis() {
        assert_eq!(fold("‘a’ ‚b′"), "'A' 'B'");
        assert_eq!(fold("“a” „b″ «c»"), "\"A\" \"B\" \"C\"");
        assert_eq!(fold("a–b—c−d‐e‑f"), "A-B-C-D-E-F");
        assert_eq!(fold("wait…"), "WAIT...");
        assert_eq!(fold("5\u{00A0}km"), "5 KM");
    }

    #[test]
    fn push_folded_matches_fold() {
        let mut s = String::new();
        for c in "Erdoğan’s".chars() {
            push_folded(c, &mut s);
        }
        assert_eq!(s, fold("Erdoğan’s"));
    }

    #[test]
    fn classifiers() {
        assert!(is_apostrophe('’') && is_apostrophe('\'') && !is_apostrophe('‘'));
        assert!(is_hyphen('-') && !is_hyphen('—'));
        assert!(is_dash('—') && is_dash('−') && is_dash('–'));
        assert!(is_combining('\u{0301}') && !is_combining('a'));
    }
}
