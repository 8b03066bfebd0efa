//! Where a track stands: a small state machine fed the track's steps in date order. Only
//! steps that happened move it (see [`Move::done`]); an expected or hypothetical acceptance
//! is recorded as a step and changes nothing.

use serde::Serialize;

use super::classify::{Cue, Kind, Topic};

/// A track's status. docs/tracker.md defines each precisely.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Someone appealed for it, proposed, demanded or discussed it; neither side took it on.
    Proposed,
    /// One of the two sides accepted or declared it.
    AcceptedByOneSide,
    /// Both sides accepted it; nothing says it took effect yet.
    AcceptedByBoth,
    /// It took effect (a declaration, a took-effect sentence, talks held, a release made).
    InForce,
    /// In force, and since it took effect (or was last extended) a violation was reported.
    Violated,
    /// It collapsed, broke down, expired, or was called off or abandoned.
    Collapsed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::AcceptedByOneSide => "accepted by one side",
            Status::AcceptedByBoth => "accepted by both",
            Status::InForce => "in force",
            Status::Violated => "violated",
            Status::Collapsed => "collapsed",
        }
    }
}

/// One step as the state machine sees it.
pub struct Move<'a> {
    pub kind: Kind,
    /// Whether the step happened (asserted, or a proposal/refusal/conditions that was made).
    pub done: bool,
    /// Which side of the dyad acted (0 or 1), `None` for a mediator or an unknown source.
    pub side: Option<usize>,
    pub cues: &'a [Cue],
}

/// The facts a status is read from.
#[derive(Clone, Debug, Default)]
pub struct State {
    accepted: [bool; 2],
    in_force: bool,
    violated: bool,
    collapsed: bool,
}

impl State {
    pub fn status(&self) -> Status {
        match self {
            State { collapsed: true, .. } => Status::Collapsed,
            State { in_force: true, violated: true, .. } => Status::Violated,
            State { in_force: true, .. } => Status::InForce,
            State { accepted: [true, true], .. } => Status::AcceptedByBoth,
            State { accepted: [true, false] | [false, true], .. } => Status::AcceptedByOneSide,
            _ => Status::Proposed,
        }
    }

    /// Whether a ceasefire is declared and not over: fighting between the sides now counts
    /// as a violation.
    pub fn declared(&self) -> bool {
        !self.collapsed && (self.in_force || self.accepted == [true, true])
    }

    /// A fresh start after a collapse: acceptances and force are counted again.
    fn reopen(&mut self) {
        if self.collapsed {
            *self = State::default();
        }
    }

    pub fn apply(&mut self, topic: Topic, m: &Move) {
        if !m.done {
            return;
        }
        match (m.kind, m.side) {
            (Kind::Acceptance, Some(side)) => {
                self.reopen();
                self.accepted[side] = true;
            }
            (Kind::Declaration, Some(side)) => {
                self.reopen();
                self.accepted[side] = true;
                self.in_force = true;
            }
            (Kind::Talks, _) if topic == Topic::Negotiations => {
                self.reopen();
                self.in_force = true;
            }
            (Kind::Release, _) if topic == Topic::PrisonerExchange => {
                self.reopen();
                self.in_force = true;
            }
            (Kind::Violation, _) if self.declared() => self.violate(),
            _ => {}
        }
        // What the sentence says counts only from steps that report, not from calls and
        // warnings ("urged them to extend the truce", "threatened to pull out").
        let reports = !matches!(m.kind, Kind::Appeal | Kind::Proposal | Kind::Demand | Kind::Conditions | Kind::Threat);
        if !reports {
            return;
        }
        for cue in m.cues {
            match cue {
                Cue::InForce | Cue::Extended => {
                    self.collapsed = false;
                    self.in_force = true;
                    if *cue == Cue::Extended {
                        self.violated = false;
                    }
                }
                Cue::Violated
                    if self.declared() && matches!(m.kind, Kind::Accusation | Kind::Violation | Kind::Other) =>
                {
                    self.violate()
                }
                Cue::Violated => {}
                Cue::Collapsed => self.collapsed = true,
            }
        }
    }

    fn violate(&mut self) {
        self.in_force = true;
        self.violated = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(state: &mut State, kind: Kind, side: Option<usize>, cues: &[Cue]) -> Status {
        state.apply(Topic::Ceasefire, &Move { kind, done: true, side, cues });
        state.status()
    }

    #[test]
    fn ceasefire_lifecycle() {
        let mut s = State::default();
        assert_eq!(step(&mut s, Kind::Proposal, None, &[]), Status::Proposed);
        assert_eq!(step(&mut s, Kind::Acceptance, Some(1), &[]), Status::AcceptedByOneSide);
        assert_eq!(step(&mut s, Kind::Conditions, Some(0), &[]), Status::AcceptedByOneSide);
        assert_eq!(step(&mut s, Kind::Acceptance, Some(0), &[]), Status::AcceptedByBoth);
        assert_eq!(step(&mut s, Kind::Other, Some(0), &[Cue::InForce]), Status::InForce);
        assert_eq!(step(&mut s, Kind::Accusation, Some(1), &[Cue::Violated]), Status::Violated);
        assert_eq!(step(&mut s, Kind::Acceptance, Some(0), &[Cue::Extended]), Status::InForce);
        assert_eq!(step(&mut s, Kind::Other, None, &[Cue::Collapsed]), Status::Collapsed);
        assert_eq!(step(&mut s, Kind::Acceptance, Some(0), &[]), Status::AcceptedByOneSide);
    }

    #[test]
    fn what_did_not_happen_changes_nothing() {
        let mut s = State::default();
        s.apply(Topic::Ceasefire, &Move { kind: Kind::Acceptance, done: false, side: Some(0), cues: &[] });
        assert_eq!(s.status(), Status::Proposed);
        // A call to extend is not an extension; a violation before any declaration is fighting.
        assert_eq!(step(&mut s, Kind::Appeal, None, &[Cue::Extended]), Status::Proposed);
        assert_eq!(step(&mut s, Kind::Violation, Some(0), &[]), Status::Proposed);
    }
}
