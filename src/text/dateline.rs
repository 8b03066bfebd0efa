//! News datelines: "MOSCOW, March 13 (Reuters) - ", "KYIV (AP) — ", "GAZA CITY, Jan. 5 -".
//!
//! A dateline names where a story was filed, not who acted: "MOSCOW" before the dash
//! is not the Russian actor of the sentence. Wire styles differ, so this recognises
//! the common shape rather than one agency's: a place in capitals, perhaps a comma
//! and a date or a region, perhaps an agency in parentheses, then a dash.

use super::{Token, TokenKind};

/// The most tokens a dateline may have before its dash.
const MAX_TOKENS: usize = 14;

const MONTHS: &[&str] = &[
    "JAN",
    "JAN.",
    "JANUARY",
    "FEB",
    "FEB.",
    "FEBRUARY",
    "MARCH",
    "MAR.",
    "APRIL",
    "APR.",
    "MAY",
    "JUNE",
    "JULY",
    "AUG",
    "AUG.",
    "AUGUST",
    "SEPT",
    "SEPT.",
    "SEP.",
    "SEPTEMBER",
    "OCT",
    "OCT.",
    "OCTOBER",
    "NOV",
    "NOV.",
    "NOVEMBER",
    "DEC",
    "DEC.",
    "DECEMBER",
];

/// The number of leading tokens of a sentence that form a dateline, dash included;
/// 0 when the sentence does not start with one.
pub fn dateline_len(tokens: &[Token]) -> usize {
    // The place: one or more words written in capitals ("MOSCOW", "GAZA CITY", "U.N.").
    let place = tokens.iter().take_while(|t| t.kind == TokenKind::Word && t.upper).count();
    if place == 0 {
        return 0;
    }
    let mut i = place;
    let mut in_parens = false;
    while i < tokens.len().min(MAX_TOKENS + 1) {
        let t = &tokens[i];
        match t.norm.as_str() {
            "-" | "--" if !in_parens => return i + 1,
            "(" if !in_parens => in_parens = true,
            ")" if in_parens => in_parens = false,
            "," => {}
            _ if in_parens => {}
            norm if MONTHS.contains(&norm) || t.kind == TokenKind::Number => {}
            // A region or country after the place: "KYIV, Ukraine".
            _ if t.kind == TokenKind::Word && t.cap && tokens[i - 1].norm == "," => {}
            _ => return 0,
        }
        i += 1;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use crate::text::tokenize;

    fn len(text: &str) -> (usize, String) {
        let tokens = tokenize(text, Span::new(0, text.len()));
        let n = dateline_len(&tokens);
        let rest = tokens.get(n).map_or(String::new(), |t| t.span.slice(text).to_string());
        (n, rest)
    }

    #[test]
    fn wire_datelines() {
        assert_eq!(len("MOSCOW, March 13 (Reuters) - U.S. envoy met Putin.").1, "U.S.");
        assert_eq!(len("KYIV (AP) \u{2014} Russian forces struck overnight.").1, "Russian");
        assert_eq!(len("GAZA CITY, Jan. 5 -- Israeli jets struck.").1, "Israeli");
        assert_eq!(len("KYIV, Ukraine (AP) \u{2014} Drones hit the city.").1, "Drones");
        assert_eq!(len("WASHINGTON \u{2014} The Treasury acted.").1, "The");
    }

    #[test]
    fn ordinary_sentences_have_none() {
        assert_eq!(len("Russia, which denies it, struck Kyiv - again.").0, 0);
        assert_eq!(len("NATO said the strike - the third - was deliberate.").0, 0);
        assert_eq!(len("US forces struck Houthi targets.").0, 0);
        assert_eq!(len("").0, 0);
    }
}
