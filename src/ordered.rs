//! Parallel map whose results come out in input order, as they are ready.
//! Takes items and a worker; hands each result to a sink (`cmd::extract`
//! and `cmd::stream` give it the outputs) in input order.
//!
//! `extract` used to process files a batch at a time: the workers waited
//! while the main thread wrote the batch, and the main thread waited for the
//! slowest file of each batch, so two threads were only ~1.4× one. Here the
//! workers never wait for the writer unless they are `ahead` items in front
//! of it (which bounds memory: at most `ahead` results are held), and the
//! writer hands each result to its sink the moment the ones before it are in.

use std::collections::BTreeMap;
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

/// Where the workers take their next item.
struct Gate<I> {
    items: I,
    /// Index of the next item to hand out.
    next: usize,
    /// How many results the sink has taken.
    written: usize,
    /// The sink failed or the items ran out: take no more.
    stop: bool,
}

/// Runs `work` over `items` on `threads` threads and gives each result to
/// `sink` in input order. At most `ahead` items are in flight or waiting
/// (at least one per thread). The first error of `sink` stops the workers
/// from taking new items and is returned once they have finished. `work`
/// must not panic (wrap it in `catch_unwind`); if it does, the panic is
/// carried to the caller when the threads are joined.
pub fn map<I, T, R, E>(
    threads: usize,
    ahead: usize,
    items: I,
    work: impl Fn(T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
{
    let threads = threads.max(1);
    let ahead = ahead.max(threads);
    let gate = Mutex::new(Gate {
        items,
        next: 0,
        written: 0,
        stop: false,
    });
    let turn = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (gate, turn, work) = (&gate, &turn, &work);
            s.spawn(move || loop {
                let (i, item) = {
                    let mut g = gate.lock().unwrap_or_else(PoisonError::into_inner);
                    while !g.stop && g.next >= g.written + ahead {
                        g = turn.wait(g).unwrap_or_else(PoisonError::into_inner);
                    }
                    if g.stop {
                        return;
                    }
                    match g.items.next() {
                        Some(t) => {
                            g.next += 1;
                            (g.next - 1, t)
                        }
                        None => {
                            g.stop = true;
                            turn.notify_all();
                            return;
                        }
                    }
                };
                if tx.send((i, work(item))).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut result = Ok(());
        let mut want = 0;
        for (i, r) in rx.iter() {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&want) {
                want += 1;
                if result.is_ok() {
                    result = sink(r);
                }
                let mut g = gate.lock().unwrap_or_else(PoisonError::into_inner);
                g.written = want;
                g.stop |= result.is_err();
                drop(g);
                turn.notify_all();
            }
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::map;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_input_order_whatever_the_finishing_order() {
        let mut got = Vec::new();
        let r: Result<(), ()> = map(
            4,
            16,
            0..500u64,
            |i| {
                // Later items often finish first.
                std::thread::sleep(std::time::Duration::from_micros((500 - i) % 7 * 50));
                i * 3
            },
            |v| {
                got.push(v);
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(got, (0..500u64).map(|i| i * 3).collect::<Vec<_>>());
    }

    #[test]
    fn workers_stay_at_most_ahead_items_in_front_of_the_sink() {
        let started = AtomicUsize::new(0);
        let mut written = 0usize;
        let mut worst = 0usize;
        let r: Result<(), ()> = map(
            3,
            5,
            0..200usize,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                // The first item is slow: the others must wait for it.
                if i == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                i
            },
            |_| {
                worst = worst.max(started.load(Ordering::SeqCst) - written);
                written += 1;
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(written, 200);
        assert!(worst <= 5, "{worst} items were taken ahead of the sink");
    }

    #[test]
    fn a_sink_error_stops_the_run_and_is_returned() {
        let taken = AtomicUsize::new(0);
        let mut seen = 0;
        let r = map(
            2,
            4,
            0..10_000usize,
            |i| {
                taken.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| {
                seen += 1;
                if i == 10 {
                    Err("disk full")
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err("disk full"));
        assert_eq!(seen, 11, "the sink is not called after its error");
        assert!(taken.load(Ordering::SeqCst) < 100);
    }

    #[test]
    fn no_items_no_calls() {
        let mut calls = 0;
        let r: Result<(), ()> = map(
            2,
            4,
            std::iter::empty::<u8>(),
            |i| i,
            |_| {
                calls += 1;
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(calls, 0);
    }
}
