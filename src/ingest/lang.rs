//! Article-level language identification with `whatlang` (trigrams and scripts), on the first
//! few thousand characters of the text. Short texts fall back to the language the page declares.

/// A detected language: an ISO 639-1 code (ISO 639-3 where 639-1 has none) and whether the
/// detector was confident.
#[derive(Clone, Debug, PartialEq)]
pub struct Detected {
    pub code: String,
    pub reliable: bool,
}

/// Texts shorter than this (in characters) are too short to identify by trigrams.
const MIN_CHARS: usize = 40;
/// How much of the text is looked at.
const SAMPLE_BYTES: usize = 4000;

/// The language of `text`, or the `declared` one (an HTML `lang`, a feed `language`) when the
/// text is too short or the detector unsure.
pub fn detect(text: &str, declared: Option<&str>) -> Option<Detected> {
    let declared = declared.map(normalise_tag).filter(|c| !c.is_empty());
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if sample.chars().filter(|c| c.is_alphabetic()).count() >= MIN_CHARS {
        if let Some(info) = whatlang::detect(sample) {
            let code = iso639_1(info.lang().code()).to_string();
            if info.is_reliable() || declared.is_none() || declared.as_deref() == Some(code.as_str()) {
                return Some(Detected { code, reliable: info.is_reliable() });
            }
        }
    }
    declared.map(|code| Detected { code, reliable: false })
}

/// `en-US` → `en`; `eng` → `en`.
pub fn normalise_tag(tag: &str) -> String {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    if primary.len() == 3 {
        return iso639_1(&primary).to_string();
    }
    primary
}

/// ISO 639-3 → ISO 639-1 for the languages `whatlang` knows; other codes are returned as given.
pub fn iso639_1(code: &str) -> &str {
    match code {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_russian() {
        let en = detect("The foreign ministers met in Geneva on Tuesday to discuss a ceasefire in the region.", None);
        assert_eq!(en.unwrap().code, "en");
        let ru = detect("Министры иностранных дел встретились во вторник в Женеве, чтобы обсудить перемирие.", None);
        assert_eq!(ru.unwrap().code, "ru");
        assert_eq!(detect("Short.", Some("en-GB")).unwrap().code, "en");
        assert_eq!(detect("Short.", None), None);
    }
}
