//! Speech acts about an act: CAMEO codes what an actor says about an act it has not done
//! rather than the act. "Rubio will visit Israel" is an expression of intent to meet (036),
//! "Israel will strike Iran" a threat of force (138), "Katsav refused to meet Abdullah" a
//! rejection of a meeting (125), and "Straw said Sudan must reach an agreement" a demand
//! (100) by Straw of Sudan. The cues of [`super::modality`] give the stance, the table
//! `data/ontology/modal_codes.tsv` ([`ModalCodes`]) the code; the event keeps the act's own
//! code in [`crate::article::Event::act`] and its modality as read.

use super::matcher::ClauseView;
use super::modality::Reading;
use super::Coder;
use crate::article::{Mention, Modality};
use crate::ontology::{ModalCodes, Stance};

/// The CAMEO code of a stated, refused or demanded act.
pub(super) struct Speech {
    pub code: String,
    /// The act's modality: conditional when a condition after the verb binds it.
    pub modality: Modality,
    pub stance: Stance,
    /// For a demand: the speaker (the new source) and the actor who must act (the new
    /// target), as mentions.
    pub parties: Option<(usize, usize)>,
}

impl Coder {
    /// The speech act the cues make of an act coded `code`, if CAMEO has a code for it.
    /// An obligation is a demand only when a speaker says it of another actor ("Russia
    /// said Sudan must return the helicopter"); alone ("Sudan must return it") it stays the
    /// act, hypothetical. Speculation (could, might, may) is no stated intention. A
    /// condition after the verb makes an act a stated one ("Israel could resume the war if
    /// Hamas …" is a threat); a speech act keeps its code and modality ("threatened
    /// sanctions if …").
    pub(super) fn speech(
        &self,
        code: &str,
        reading: Reading,
        view: &ClauseView,
        mentions: &[Mention],
    ) -> Option<Speech> {
        if !self.speech_acts {
            return None;
        }
        let table = ModalCodes::builtin();
        let mut modality = reading.modality;
        let (stance, parties) = if let Some(cue) = reading.obliged_at.filter(|_| modality != Modality::Refused) {
            (Stance::Demanded, Some(self.demand_parties(view, mentions, cue)?))
        } else {
            if reading.condition_after && modality != Modality::Refused {
                modality = Modality::Conditional;
            }
            match modality {
                Modality::Expected | Modality::Proposed | Modality::Conditional => (Stance::Stated, None),
                Modality::Refused => (Stance::Refused, None),
                Modality::Asserted | Modality::Hypothetical => return None,
            }
        };
        let code = table.code(code, stance)?.to_string();
        Some(Speech { code, modality, stance, parties })
    }

    /// "X said (that) Y must …": the clause's first actor X and the head of the group of
    /// the last actor before the obligation cue (at token `cue`) Y, when they are different
    /// groups and a verb or THAT stands between them.
    fn demand_parties(&self, view: &ClauseView, mentions: &[Mention], cue: usize) -> Option<(usize, usize)> {
        let before: Vec<usize> =
            super::mentions_in(view.positions, mentions).filter(|&m| mentions[m].end <= cue).collect();
        let (&speaker, &last) = (before.first()?, before.last()?);
        let subject = *before.iter().find(|&&m| mentions[m].group == mentions[last].group)?;
        // "X and Y agreed that their countries should cooperate": an obligation of the
        // speakers themselves is no demand.
        let speakers: Vec<&String> = (0..mentions.len())
            .filter(|&m| mentions[m].group == mentions[speaker].group)
            .flat_map(|m| &mentions[m].codes)
            .collect();
        if mentions[subject].group == mentions[speaker].group
            || mentions[subject].codes.iter().all(|c| speakers.contains(&c))
        {
            return None;
        }
        let separated = (mentions[speaker].end..mentions[subject].first).any(|t| {
            let norm = view.norms[t];
            norm == "THAT" || self.dicts.verbs.contains_key(norm) && view.mention_at[t].is_none()
        });
        separated.then_some((speaker, subject))
    }
}
