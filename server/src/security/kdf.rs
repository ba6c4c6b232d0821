//! The KDF gate: password hashing (Argon2id, 19 MiB each) and recovery-code hashing (PBKDF2)
//! run on a fixed pool of `concurrency` threads, with at most `queue` more jobs waiting. Beyond
//! that a request is answered at once with 503 `unavailable` and `Retry-After`, without touching
//! a thread (ASVS 5.0 2.4.1 anti-automation for costly operations; OWASP Denial of Service Cheat
//! Sheet: bound the resources one request can take). Issue 9 row 7 measured 5.7 GiB for 300
//! parallel unknown-user logins without it.
//!
//! Each pool thread keeps one Argon2 block buffer and reuses it (`argon2`'s
//! `hash_password_into_with_memory`), so Argon2 memory is `concurrency` x 19 MiB, allocated once:
//! with a fresh 19 MiB allocation per hash, glibc's malloc kept the freed blocks in its arenas
//! and the peak grew to 650 MiB under 300 parallel logins even with two hashes at a time.
//! Waiting costs no thread: a waiting request is a task awaiting its answer.

use crate::error::{AppError, AppResult};
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use tokio::sync::{oneshot, Semaphore};

/// A pool thread's reusable memory.
#[derive(Default)]
pub struct Scratch {
    /// Argon2 working memory, grown to the largest cost seen and kept.
    pub argon2: Vec<argon2::Block>,
}

type Job = Box<dyn FnOnce(&mut Scratch) + Send>;

/// Bounds concurrent KDF work.
pub struct KdfGate {
    admitted: Arc<Semaphore>,
    jobs: SyncSender<Job>,
}

impl std::fmt::Debug for KdfGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KdfGate")
            .field("available", &self.admitted.available_permits())
            .finish()
    }
}

impl KdfGate {
    /// Starts `concurrency` pool threads; `queue` more jobs may wait.
    pub fn new(concurrency: usize, queue: usize) -> std::io::Result<Self> {
        let concurrency = concurrency.max(1);
        let (jobs, pending) = sync_channel::<Job>(concurrency + queue);
        let pending = Arc::new(Mutex::new(pending));
        for i in 0..concurrency {
            let pending = pending.clone();
            std::thread::Builder::new()
                .name(format!("mfa-kdf-{i}"))
                .spawn(move || work(&pending))?;
        }
        Ok(Self {
            admitted: Arc::new(Semaphore::new(concurrency + queue)),
            jobs,
        })
    }

    /// Runs `work` on a pool thread once one is free, or answers `unavailable` at once when
    /// `concurrency + queue` jobs are already in.
    pub async fn run<R: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Scratch) -> R + Send + 'static,
    ) -> AppResult<R> {
        let admitted =
            self.admitted.clone().try_acquire_owned().map_err(|_| {
                AppError::unavailable(1, "the server is busy; try again in a moment")
            })?;
        let (answer, result) = oneshot::channel();
        let job: Job = Box::new(move |scratch| {
            let _admitted = admitted;
            let _ = answer.send(work(scratch));
        });
        // Never full: the semaphore admits at most the channel's capacity.
        self.jobs.try_send(job).map_err(|_| AppError::internal())?;
        result.await.map_err(|_| AppError::internal())
    }
}

/// A pool thread: runs jobs until the gate is dropped. A panicking job drops its answer (the
/// caller gets `internal`) and the thread goes on.
fn work(pending: &Mutex<Receiver<Job>>) {
    let mut scratch = Scratch::default();
    loop {
        let job = {
            let pending = pending.lock().unwrap_or_else(|p| p.into_inner());
            pending.recv()
        };
        let Ok(job) = job else { return };
        let _ = std::panic::catch_unwind(AssertUnwindSafe(|| job(&mut scratch)));
    }
}
