//! Paces sends so that one mailer never exceeds its rate.
//!
//! Callers go one at a time, each released at least `1 / rate` seconds
//! after the one before actually was (a late timer delays the next too);
//! the first is released one interval after start. So `n` sends take at
//! least `n / rate` seconds and no one-second window holds more than `rate`.

use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

pub struct Pacer {
    interval: Duration,
    next_slot: Mutex<Instant>,
}

impl Pacer {
    /// A pacer for `per_second` sends a second (clamped to at least one per
    /// hour, so a zero rate can never divide by zero).
    pub fn new(per_second: f64) -> Self {
        let interval = Duration::from_secs_f64(1.0 / per_second.max(1.0 / 3600.0));
        Self {
            interval,
            next_slot: Mutex::new(Instant::now() + interval),
        }
    }

    /// Waits for this caller's turn. The lock is held across the sleep, so
    /// waiters queue in order and the next slot counts from the real release.
    pub async fn wait(&self) {
        let mut next_slot = self.next_slot.lock().await;
        tokio::time::sleep_until(*next_slot).await;
        *next_slot = Instant::now() + self.interval;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn sends_are_spaced_by_the_interval() {
        let pacer = Pacer::new(4.0);
        let start = Instant::now();
        for _ in 0..8 {
            pacer.wait().await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }
}
