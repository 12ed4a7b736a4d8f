//! Fair first tokens: two lines of waiters per key, the first call of a new message ahead of the
//! rest, without starving the rest.
//!
//! A slot is given out when it comes, not when it is asked for: one waiter per key (the leader)
//! reserves the next slot from the limiter's backend, sleeps until it, and then hands it to the
//! best waiter at that moment, which may be a first call that arrived a millisecond ago. While
//! other calls wait, at most [`MAX_FIRSTS_IN_ROW`] first calls go in a row; then one other call
//! goes. A waiter that gives up (its future dropped) loses its place and nothing else: a slot it
//! would have had goes to the next waiter, and a leader that gives up hands the lead on.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::oneshot;

/// What a call is to the person waiting for it, which decides its place when calls queue for a
/// rate limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Priority {
    /// The first call of a new message: what the customer is waiting to see. Goes ahead of
    /// [`Priority::Normal`] calls (at most [`MAX_FIRSTS_IN_ROW`] in a row while they wait).
    First,
    /// Every other call (later chunks of a running message, retries of them, other operations),
    /// served in the order they asked.
    #[default]
    Normal,
}

/// How many [`Priority::First`] calls may take slots in a row while [`Priority::Normal`] calls
/// wait: then one normal call goes, so running messages keep moving under a flood of new ones.
pub const MAX_FIRSTS_IN_ROW: u32 = 8;

/// The two lines of every key, shared by the waiters of one limiter.
#[derive(Debug, Default)]
pub(crate) struct FairLines {
    keys: Mutex<HashMap<String, Lines>>,
}

/// The waiters of one key.
#[derive(Debug, Default)]
struct Lines {
    /// The waiter reserving and handing out slots, if any: its priority and ticket number.
    leader: Option<(Priority, u64)>,
    first: VecDeque<Waiter>,
    normal: VecDeque<Waiter>,
    /// First calls served in a row while normal calls waited.
    firsts_in_row: u32,
    next_ticket: u64,
}

/// A waiter in a line: its ticket number (the order it asked in) and how to tell it its turn.
#[derive(Debug)]
struct Waiter {
    ticket: u64,
    turn: oneshot::Sender<Turn>,
}

/// What a waiter is told.
#[derive(Debug)]
enum Turn {
    /// A slot is yours: make the call.
    Granted,
    /// The leader took its slot: you reserve and hand out the next ones.
    Lead,
}

/// Who a slot goes to.
enum Pick {
    /// The leader itself.
    Leader,
    /// A waiter from a line.
    Waiter(Waiter),
}

impl FairLines {
    /// Waits for a slot under `key` with `priority`; `reserve` reserves the next slot from the
    /// backend and says how long until it comes.
    pub(crate) async fn acquire<F, Fut>(&self, key: &str, priority: Priority, reserve: F)
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Duration>,
    {
        let mut place = Place { lines: self, key, state: State::Done };
        let ticket = {
            let mut keys = self.lock();
            let lines = keys.entry(key.to_string()).or_default();
            let ticket = lines.next_ticket;
            lines.next_ticket += 1;
            if lines.leader.is_none() {
                lines.leader = Some((priority, ticket));
                place.state = State::Leading;
            } else {
                let (turn, told) = oneshot::channel();
                lines.line(priority).push_back(Waiter { ticket, turn });
                place.state = State::Waiting(told);
            }
            ticket
        };
        if let State::Waiting(told) = &mut place.state {
            let turn = told.await;
            match turn {
                Ok(Turn::Granted) | Err(_) => {
                    place.state = State::Done;
                    return;
                }
                Ok(Turn::Lead) => place.state = State::Leading,
            }
        }
        loop {
            let wait = reserve().await;
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            let mut keys = self.lock();
            let lines = keys.get_mut(key).expect("a key stays while it has a leader");
            loop {
                match lines.pick(priority, ticket) {
                    Pick::Leader => {
                        place.state = State::Done;
                        hand_on_the_lead(&mut keys, key);
                        return;
                    }
                    // Handed over: reserve the next slot. A waiter that has gone frees the slot
                    // for the next one.
                    Pick::Waiter(w) => {
                        if w.turn.send(Turn::Granted).is_ok() {
                            break;
                        }
                    }
                }
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Lines>> {
        self.keys.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Lines {
    fn line(&mut self, priority: Priority) -> &mut VecDeque<Waiter> {
        match priority {
            Priority::First => &mut self.first,
            Priority::Normal => &mut self.normal,
        }
    }

    /// Who the slot that has come goes to: the leader (`priority`, `ticket`) or a waiter.
    fn pick(&mut self, priority: Priority, ticket: u64) -> Pick {
        let leader_first = priority == Priority::First;
        // The earliest of each line, the leader included.
        let first_is_leader = leader_first && self.first.front().is_none_or(|w| ticket < w.ticket);
        let normal_is_leader = !leader_first && self.normal.front().is_none_or(|w| ticket < w.ticket);
        let has_first = leader_first || !self.first.is_empty();
        let has_normal = !leader_first || !self.normal.is_empty();
        let take_first = has_first && (!has_normal || self.firsts_in_row < MAX_FIRSTS_IN_ROW);
        if take_first {
            self.firsts_in_row = if has_normal { self.firsts_in_row + 1 } else { 0 };
            if first_is_leader { Pick::Leader } else { Pick::Waiter(self.first.pop_front().expect("a first waiter")) }
        } else {
            self.firsts_in_row = 0;
            if normal_is_leader {
                Pick::Leader
            } else {
                Pick::Waiter(self.normal.pop_front().expect("a normal waiter"))
            }
        }
    }

    /// The next waiter to lead, by the same rule as slots (without counting it as one).
    fn next_leader(&mut self) -> Option<(Priority, Waiter)> {
        let take_first = !self.first.is_empty() && (self.normal.is_empty() || self.firsts_in_row < MAX_FIRSTS_IN_ROW);
        if take_first {
            self.first.pop_front().map(|w| (Priority::First, w))
        } else {
            self.normal.pop_front().map(|w| (Priority::Normal, w))
        }
    }
}

/// Makes the next waiter of `key` the leader, or forgets the key when none waits.
fn hand_on_the_lead(keys: &mut HashMap<String, Lines>, key: &str) {
    let Some(lines) = keys.get_mut(key) else { return };
    while let Some((priority, w)) = lines.next_leader() {
        lines.leader = Some((priority, w.ticket));
        if w.turn.send(Turn::Lead).is_ok() {
            return;
        }
    }
    keys.remove(key);
}

/// Where a waiter is, so that dropping its future leaves the lines right.
struct Place<'a> {
    lines: &'a FairLines,
    key: &'a str,
    state: State,
}

enum State {
    /// In a line, waiting to be told.
    Waiting(oneshot::Receiver<Turn>),
    /// Reserving and handing out slots.
    Leading,
    /// Has its slot (or nothing to give back).
    Done,
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        let leading = match &mut self.state {
            State::Done => false,
            State::Leading => true,
            // Told to lead just before giving up: the lead must go on.
            State::Waiting(told) => matches!(told.try_recv(), Ok(Turn::Lead)),
        };
        if leading {
            hand_on_the_lead(&mut self.lines.lock(), self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::Mutex as StdMutex;

    use tokio::time::Instant;

    use super::*;
    use crate::ratelimit::{LocalRateLimiter, Quota, RateLimiter};

    const QUOTA: Quota<'static> = Quota { key: "app/op", per_second: 100 };

    /// Starts `n` waiters of `priority` one after another (each queued before the next), each
    /// recording its label and the instant it got its slot.
    fn start(
        limiter: &Arc<LocalRateLimiter>,
        log: &Arc<StdMutex<Vec<(String, Instant)>>>,
        label: &str,
        priority: Priority,
        n: usize,
    ) -> Vec<tokio::task::JoinHandle<()>> {
        (0..n)
            .map(|i| {
                let (limiter, log, label) = (Arc::clone(limiter), Arc::clone(log), format!("{label}{i}"));
                tokio::spawn(async move {
                    limiter.acquire_with(QUOTA, priority).await;
                    log.lock().unwrap().push((label, Instant::now()));
                })
            })
            .collect()
    }

    async fn settle() {
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_first_call_goes_ahead_of_queued_follow_ups() {
        let limiter = Arc::new(LocalRateLimiter::with_headroom(0.0));
        let log = Arc::default();
        let mut tasks = start(&limiter, &log, "n", Priority::Normal, 5);
        settle().await;
        tasks.extend(start(&limiter, &log, "f", Priority::First, 1));
        for t in tasks {
            t.await.unwrap();
        }
        let order: Vec<String> = log.lock().unwrap().iter().map(|(l, _)| l.clone()).collect();
        // n0 took the first slot at once; the first call takes the next one.
        assert_eq!(order, ["n0", "f0", "n1", "n2", "n3", "n4"]);
    }

    #[tokio::test(start_paused = true)]
    async fn follow_ups_are_not_starved_by_a_flood_of_first_calls() {
        let limiter = Arc::new(LocalRateLimiter::with_headroom(0.0));
        let log = Arc::default();
        let mut tasks = start(&limiter, &log, "n", Priority::Normal, 3);
        settle().await;
        tasks.extend(start(&limiter, &log, "f", Priority::First, 20));
        for t in tasks {
            t.await.unwrap();
        }
        let order: Vec<String> = log.lock().unwrap().iter().map(|(l, _)| l.clone()).collect();
        let position = |label: &str| order.iter().position(|l| l == label).unwrap();
        // n0 at once, then 8 first calls, n1, 8 more, n2, the rest.
        assert_eq!(position("n0"), 0);
        assert_eq!(position("n1"), 1 + MAX_FIRSTS_IN_ROW as usize);
        assert_eq!(position("n2"), 2 + 2 * MAX_FIRSTS_IN_ROW as usize);
        // Each line keeps its own order.
        let firsts: Vec<&String> = order.iter().filter(|l| l.starts_with('f')).collect();
        let expected: Vec<String> = (0..20).map(|i| format!("f{i}")).collect();
        assert_eq!(firsts, expected.iter().collect::<Vec<_>>());
    }

    #[tokio::test(start_paused = true)]
    async fn slots_stay_spaced_by_the_limit_whatever_the_order() {
        let limiter = Arc::new(LocalRateLimiter::with_headroom(0.0));
        let log: Arc<StdMutex<Vec<(String, Instant)>>> = Arc::default();
        let mut tasks = start(&limiter, &log, "n", Priority::Normal, 30);
        tasks.extend(start(&limiter, &log, "f", Priority::First, 30));
        for t in tasks {
            t.await.unwrap();
        }
        let mut times: Vec<Instant> = log.lock().unwrap().iter().map(|(_, t)| *t).collect();
        times.sort();
        for w in times.windows(2) {
            assert!(w[1] - w[0] >= Duration::from_millis(10), "{:?} apart", w[1] - w[0]);
        }
        assert_eq!(times.len(), 60);
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiter_that_gives_up_frees_its_place_and_the_lead_goes_on() {
        let limiter = Arc::new(LocalRateLimiter::with_headroom(0.0));
        // Take the first slot, so that the next waiter leads and sleeps.
        limiter.acquire_with(QUOTA, Priority::Normal).await;
        let leader = {
            let limiter = Arc::clone(&limiter);
            tokio::spawn(async move { limiter.acquire_with(QUOTA, Priority::Normal).await })
        };
        settle().await;
        let log = Arc::default();
        let waiters = start(&limiter, &log, "w", Priority::Normal, 3);
        settle().await;
        // The leader gives up mid-wait: the others still get their slots.
        leader.abort();
        let _ = leader.await;
        for w in waiters {
            tokio::time::timeout(Duration::from_secs(5), w).await.expect("not stuck").unwrap();
        }
        assert_eq!(log.lock().unwrap().len(), 3);
        // And the key is forgotten once nobody waits.
        assert!(limiter.lines.lock().is_empty());
    }
}
