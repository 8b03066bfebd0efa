//! PETRARCH-1's reading (`Coder::petrarch1`), which the validator uses for a PETRARCH suite
//! without a coding ontology, on our own small dictionaries and sentences: what it changes
//! against detente's default reading of the same dictionaries.

use detente::coder::Coder;
use detente::dict::legacy::{read_str, Dialect, Kind};
use detente::dict::Dictionaries;
use detente::validate::run::code_text;
use detente::validate::Triple;

fn coder(petrarch1: bool) -> Coder {
    let mut dicts = Dictionaries::default();
    let actors = "VELORIA [VEL]\nMARDONIA [MAR]\nTESSIK [TES]\nKORVAN [KOR]\nDOLMAR [DOL]\n";
    dicts.merge(read_str(actors, "actors.txt", Kind::Actors, Dialect::Petrarch));
    dicts.merge(read_str("OFFICIAL [~GOV]\nCOUNCIL [~LEG]\n", "agents.txt", Kind::Agents, Dialect::Petrarch));
    let verbs = "--- ACCUSE [112] ---\nACCUSE\n--- SAY [023] ---\nSAID\nSAY\n--- CRITICIZE [111] ---\nCRITICIZED\n\
                 --- CELEBRATE [---] ---\nCELEBRATED\n- * FEAST AT ^ ^ + [044]\n- * FEAST IN ^ + [045]\n";
    dicts.merge(read_str(verbs, "verbs.txt", Kind::Verbs, Dialect::Petrarch));
    let mut coder = Coder::new(dicts);
    coder.petrarch1 = petrarch1;
    coder.options.require_dyad = false;
    coder
}

fn coded(coder: &Coder, text: &str) -> Vec<(String, String, String)> {
    let mut triples: Vec<_> = code_text(coder, text, Some(20240301))
        .into_iter()
        .map(|Triple { source, target, code, .. }| (source, target, code))
        .collect();
    triples.sort();
    triples
}

fn t(source: &str, target: &str, code: &str) -> (String, String, String) {
    (source.to_string(), target.to_string(), code.to_string())
}

#[test]
fn a_final_attribution_is_its_own_clause() {
    // A final comma clause of 2–8 words is dropped by default, as PETRARCH's
    // `comma_emax` says; the unit file turns that off where it tests attributions.
    let mut p1_coder = coder(true);
    p1_coder.options.set("comma_emax", "0");
    let mut default_coder = coder(false);
    default_coder.options.set("comma_emax", "0");
    let text = "Veloria accused Mardonia of shelling the border, a senior official said on Friday.";
    let p1 = coded(&p1_coder, text);
    assert!(p1.contains(&t("VEL", "MAR", "112")), "{p1:?}");
    assert!(p1.contains(&t("---GOV", "---", "023")), "the attribution is coded apart: {p1:?}");
    let default = coded(&default_coder, text);
    assert!(!default.contains(&t("---GOV", "---", "023")), "{default:?}");
}

#[test]
fn a_passive_needs_by() {
    // Without BY, PETRARCH-1 reads the subject as the source.
    let p1 = coded(&coder(true), "Mardonia was criticized over its dispute with Tessik.");
    assert_eq!(p1, [t("MAR", "TES", "111")]);
    let default = coded(&coder(false), "Mardonia was criticized over its dispute with Tessik.");
    assert_ne!(default, p1, "detente's own reading keeps the subject as the passive's target");
    let p1 = coded(&coder(true), "Mardonia was criticized by Tessik over the dispute.");
    assert_eq!(p1, [t("TES", "MAR", "111")]);
}

#[test]
fn patterns_of_equal_weight_in_the_sentence_order_and_nested_phrases() {
    // Both patterns weigh the same (FEAST AT, FEAST IN): PETRARCH-1 meets AT first.
    // "the council of Mardonia in Tessik" is two of its noun phrases (---LEG, then
    // MAR with its own IN phrase), so the second `^` skips the council alone.
    let text = "Veloria celebrated the feast at Korvan with the council of Mardonia in Tessik \
                after a raid was reported near Dolmar.";
    assert_eq!(coded(&coder(true), text), [t("VEL", "MAR", "044")]);
    // detente's own reading tries the later entry first among equals.
    assert_eq!(coded(&coder(false), text), [t("VEL", "DOL", "045")]);
    // Without a phrase after the actor the agent is joined as before.
    assert_eq!(coded(&coder(true), "Veloria accused the council of Mardonia."), [t("VEL", "MARLEG", "112")]);
}
