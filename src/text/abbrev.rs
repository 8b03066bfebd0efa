//! Abbreviation and sentence-starter lists shared by the tokenizer and the sentence
//! splitter. Matching is exact (case-sensitive) on the word without its final period,
//! so `No.` (number) is an abbreviation but `no.` (the word) is not.

/// How an abbreviation behaves before a capitalised word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Abbr {
    /// Prepositive titles (`Mr.`, `Gen.`, `Sen.`, `Mt.`): never end a sentence.
    Title,
    /// `a.m.` / `p.m.`: end a sentence before a starter, or before a capitalised
    /// word that is not a day, month or time zone once the sentence is long.
    Time,
    /// Everything else (`U.S.`, `Co.`, `Jan.`, initials): end a sentence only before
    /// a common sentence starter or an opening quote.
    Other,
}

/// The class of `word` (the text before a period), if it is an abbreviation.
pub(crate) fn classify(word: &str) -> Option<Abbr> {
    if is_title(word) {
        return Some(Abbr::Title);
    }
    if matches!(word, "a.m" | "p.m" | "A.M" | "P.M") {
        return Some(Abbr::Time);
    }
    if is_other(word) || is_dotted(word) || is_single_letter(word) {
        return Some(Abbr::Other);
    }
    None
}

/// True when `word` followed by `.` is an abbreviation (the period belongs to it).
#[inline]
pub(crate) fn takes_period(word: &str) -> bool {
    classify(word).is_some()
}

fn is_single_letter(word: &str) -> bool {
    let mut it = word.chars();
    matches!((it.next(), it.next()), (Some(c), None) if c.is_alphabetic())
}

/// `U.S`, `U.S.A`, `a.m`, `e.g`, `Ph.D`, `D.C`: letter segments of at most two
/// letters joined by periods (so `example.com` and `3.5` are not).
pub(crate) fn is_dotted(word: &str) -> bool {
    if !word.contains('.') {
        return false;
    }
    word.split('.').all(|seg| {
        let n = seg.chars().count();
        (1..=2).contains(&n) && seg.chars().all(|c| c.is_alphabetic())
    })
}

fn is_title(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Messrs"
            | "Mmes"
            | "Mme"
            | "Mlle"
            | "Dr"
            | "Drs"
            | "Gen"
            | "Gens"
            | "Lt"
            | "Col"
            | "Cols"
            | "Maj"
            | "Capt"
            | "Cpt"
            | "Sgt"
            | "Cpl"
            | "Pvt"
            | "Pfc"
            | "Spc"
            | "Adm"
            | "Cmdr"
            | "Cdr"
            | "Cmdt"
            | "Brig"
            | "Sen"
            | "Sens"
            | "Rep"
            | "Reps"
            | "Gov"
            | "Govs"
            | "Pres"
            | "Prof"
            | "Rev"
            | "Hon"
            | "Rt"
            | "Fr"
            | "Msgr"
            | "Supt"
            | "Insp"
            | "Det"
            | "Amb"
            | "Atty"
            | "Mt"
            | "Ft"
            | "Sheik"
    )
}

fn is_other(word: &str) -> bool {
    matches!(
        word,
        // Companies and names.
        "Co" | "co"
            | "Corp"
            | "corp"
            | "Inc"
            | "inc"
            | "Ltd"
            | "ltd"
            | "Plc"
            | "Bros"
            | "Jr"
            | "Sr"
            | "Sra"
            | "Esq"
            | "Dept"
            | "dept"
            | "Univ"
            | "Assn"
            | "Assoc"
            | "Govt"
            // Places.
            | "St"
            | "st"
            | "Ave"
            | "ave"
            | "Blvd"
            | "Rd"
            | "Sq"
            | "Mts"
            // Months and days.
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "Tues"
            | "Thurs"
            // References and numbers.
            | "No"
            | "Nos"
            | "Nr"
            | "N°"
            | "p"
            | "pp"
            | "Vol"
            | "vol"
            | "Fig"
            | "fig"
            | "Sec"
            | "ch"
            | "Ch"
            | "para"
            | "ed"
            | "eds"
            | "vs"
            | "etc"
            | "al"
            | "approx"
            | "est"
            | "ca"
            | "cf"
            // U.S. states (AP style).
            | "Ala"
            | "Ariz"
            | "Ark"
            | "Calif"
            | "Colo"
            | "Conn"
            | "Del"
            | "Fla"
            | "Ga"
            | "Ill"
            | "Ind"
            | "Kan"
            | "Kans"
            | "Ky"
            | "La"
            | "Md"
            | "Mass"
            | "Mich"
            | "Minn"
            | "Miss"
            | "Mo"
            | "Mont"
            | "Neb"
            | "Nev"
            | "Okla"
            | "Ore"
            | "Pa"
            | "Tenn"
            | "Tex"
            | "Va"
            | "Vt"
            | "Wash"
            | "Wis"
            | "Wyo"
    )
}

/// Words that commonly open a sentence. After an abbreviation such as `U.S.` or
/// `Co.`, a capitalised word ends the sentence only if it is one of these
/// ("…arrived in the U.S. He said…" but "the U.S. Secretary of State").
pub(crate) fn is_starter(word: &str) -> bool {
    matches!(
        word,
        "A" | "After"
            | "Afterwards"
            | "Again"
            | "Also"
            | "Although"
            | "An"
            | "And"
            | "Another"
            | "Are"
            | "As"
            | "At"
            | "Because"
            | "Before"
            | "Both"
            | "But"
            | "By"
            | "Can"
            | "Could"
            | "Despite"
            | "Did"
            | "Do"
            | "Does"
            | "During"
            | "Each"
            | "Earlier"
            | "Even"
            | "Every"
            | "Few"
            | "For"
            | "From"
            | "Furthermore"
            | "Had"
            | "Has"
            | "Have"
            | "He"
            | "Her"
            | "Here"
            | "His"
            | "How"
            | "However"
            | "I"
            | "If"
            | "In"
            | "Instead"
            | "Is"
            | "It"
            | "Its"
            | "Last"
            | "Later"
            | "Let"
            | "Many"
            | "Meanwhile"
            | "Moreover"
            | "Most"
            | "Much"
            | "My"
            | "Nevertheless"
            | "Next"
            | "No"
            | "Nor"
            | "Not"
            | "Now"
            | "On"
            | "Once"
            | "One"
            | "Only"
            | "Or"
            | "Other"
            | "Our"
            | "Please"
            | "Several"
            | "She"
            | "Should"
            | "Since"
            | "So"
            | "Some"
            | "Still"
            | "Such"
            | "That"
            | "The"
            | "Their"
            | "Then"
            | "There"
            | "These"
            | "They"
            | "This"
            | "Those"
            | "Though"
            | "Thus"
            | "To"
            | "Today"
            | "Tomorrow"
            | "Under"
            | "Until"
            | "Was"
            | "We"
            | "Were"
            | "What"
            | "When"
            | "Where"
            | "Whether"
            | "Which"
            | "While"
            | "Who"
            | "Why"
            | "Will"
            | "With"
            | "Without"
            | "Would"
            | "Yesterday"
            | "Yet"
            | "You"
            | "Your"
    )
}

/// Words that continue a time expression (`5 p.m. Friday`, `6 a.m. EST`).
pub(crate) fn continues_time(word: &str) -> bool {
    matches!(
        word,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "GMT"
            | "UTC"
            | "EST"
            | "EDT"
            | "CST"
            | "CDT"
            | "MST"
            | "MDT"
            | "PST"
            | "PDT"
            | "ET"
            | "CT"
            | "PT"
            | "BST"
            | "CET"
            | "CEST"
            | "IST"
            | "JST"
            | "AEST"
            | "AEDT"
            | "Eastern"
            | "Central"
            | "Pacific"
            | "Mountain"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(classify("Mr"), Some(Abbr::Title));
        assert_eq!(classify("p.m"), Some(Abbr::Time));
        assert_eq!(classify("U.S"), Some(Abbr::Other));
        assert_eq!(classify("W"), Some(Abbr::Other));
        assert_eq!(classify("Co"), Some(Abbr::Other));
        assert_eq!(classify("no"), None);
        assert_eq!(classify("example.com"), None);
        assert_eq!(classify("3.5"), None);
        assert_eq!(classify("talks"), None);
        assert!(is_dotted("Ph.D") && is_dotted("U.S.A") && !is_dotted("U.S."));
        assert!(is_starter("He") && !is_starter("Secretary"));
    }
}
