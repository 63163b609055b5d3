//! How often a pass runs the follow-up rules. Reminders are counted in days (brief 002: 3
//! and 5), so running them at every pass bought nothing but their cost: on the full demo,
//! two thirds of a one-change pass, which the next API write waited for (docs/benchmarks.md,
//! « A pass's fixed costs »). They run at the first pass after a start, at most once a
//! minute after that, and at every nightly pass; the inbox's scheduled scan makes sure a
//! quiet server still runs them.

use std::time::{Duration, Instant};

use super::Work;

/// Least time between two follow-up runs started by integration passes.
pub(super) const FOLLOW_UP_EVERY: Duration = Duration::from_secs(60);

/// When the follow-up rules last ran in this process.
#[derive(Debug, Default)]
pub(super) struct FollowUpClock {
    last: Option<Instant>,
}

impl FollowUpClock {
    /// Whether the pass about to do `work` runs the rules; a yes counts as a run.
    pub(super) fn due(&mut self, work: &Work) -> bool {
        self.due_at(work, Instant::now())
    }

    fn due_at(&mut self, work: &Work, now: Instant) -> bool {
        let due = match (work, self.last) {
            (Work::Nightly, _) | (_, None) => true,
            (_, Some(last)) => now.saturating_duration_since(last) >= FOLLOW_UP_EVERY,
        };
        if due {
            self.last = Some(now);
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_pass_runs_the_rules_and_the_next_minute_s_passes_do_not() {
        let mut clock = FollowUpClock::default();
        let start = Instant::now();
        assert!(clock.due_at(&Work::Integrate, start));
        assert!(!clock.due_at(&Work::Integrate, start + Duration::from_secs(1)));
        assert!(!clock.due_at(&Work::Snapshots(None), start + Duration::from_secs(59)));
        assert!(clock.due_at(&Work::Integrate, start + FOLLOW_UP_EVERY));
        assert!(!clock.due_at(
            &Work::Integrate,
            start + FOLLOW_UP_EVERY + Duration::from_secs(30)
        ));
    }

    #[test]
    fn the_nightly_pass_always_runs_the_rules() {
        let mut clock = FollowUpClock::default();
        let start = Instant::now();
        assert!(clock.due_at(&Work::Integrate, start));
        assert!(clock.due_at(&Work::Nightly, start + Duration::from_secs(2)));
        assert!(!clock.due_at(&Work::Integrate, start + Duration::from_secs(3)));
    }
}
