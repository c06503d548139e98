//! The time as the site reads it: the system's, or in a test one it sets
//! and moves on, so that link expiry and rate-limit windows are tested
//! without waiting for the wall clock.

use std::sync::{Arc, Mutex, PoisonError};
use time::OffsetDateTime;

/// Where the site's time comes from. Clones share one time, so a test that
/// keeps one moves the app's.
#[derive(Debug, Clone, Default)]
pub struct Clock(Option<Arc<Mutex<OffsetDateTime>>>);

impl Clock {
    /// The system's clock, as every deployment runs.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock stopped at `at`, moved only by [`Clock::advance`].
    pub fn stopped_at(at: OffsetDateTime) -> Self {
        Self(Some(Arc::new(Mutex::new(at))))
    }

    pub fn now(&self) -> OffsetDateTime {
        match &self.0 {
            None => OffsetDateTime::now_utc(),
            Some(at) => *at.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// Moves a stopped clock on by `by`.
    ///
    /// # Panics
    /// On the system's clock, which nothing here moves.
    pub fn advance(&self, by: time::Duration) {
        let at = self.0.as_ref().expect("only a stopped clock is moved");
        *at.lock().unwrap_or_else(PoisonError::into_inner) += by;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_clock_moves_only_when_told_and_its_clones_with_it() {
        let start = OffsetDateTime::UNIX_EPOCH;
        let clock = Clock::stopped_at(start);
        let app_side = clock.clone();
        assert_eq!(app_side.now(), start);
        clock.advance(time::Duration::minutes(1));
        assert_eq!(app_side.now(), start + time::Duration::minutes(1));
    }
}
