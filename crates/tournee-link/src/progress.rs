//! How far a snapshot download has got, readable from another thread while it runs: the
//! first-run screen shows it as a progress bar (bytes received of the total the server
//! announced), polling it without waiting for the download or the app's lock.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Bytes received and expected by the download under way; shared by reference.
#[derive(Debug, Default)]
pub struct DownloadProgress {
    received: AtomicU64,
    /// Zero while the total is not known (before the answer's headers, or none sent).
    total: AtomicU64,
    /// Whether a first run is under way.
    running: AtomicBool,
}

impl DownloadProgress {
    /// Bytes received so far and the total (`None` while unknown).
    pub fn read(&self) -> (u64, Option<u64>) {
        let total = self.total.load(Ordering::Relaxed);
        (
            self.received.load(Ordering::Relaxed),
            (total > 0).then_some(total),
        )
    }

    /// A download starts with `already` bytes kept from an earlier cut, of `total`.
    pub(crate) fn start(&self, already: u64, total: Option<u64>) {
        self.received.store(already, Ordering::Relaxed);
        self.total.store(total.unwrap_or(0), Ordering::Relaxed);
    }

    fn add(&self, bytes: u64) {
        self.received.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Marks a run as started, from nothing received.
    pub fn begin(&self) {
        self.start(0, None);
        self.running.store(true, Ordering::Release);
    }

    /// Marks the run as over (whatever its outcome).
    pub fn end(&self) {
        self.running.store(false, Ordering::Release);
    }

    /// Whether a run is under way.
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }
}

/// A writer that counts what goes through it into a [`DownloadProgress`].
pub(crate) struct Counting<'a, W> {
    pub(crate) inner: W,
    pub(crate) progress: &'a DownloadProgress,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.progress.add(written as u64);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_written_are_counted_and_the_total_is_unknown_until_announced() {
        let progress = DownloadProgress::default();
        progress.begin();
        assert!(progress.is_running());
        assert_eq!(progress.read(), (0, None));
        progress.start(10, Some(100));
        let mut sink = Counting {
            inner: Vec::new(),
            progress: &progress,
        };
        sink.write_all(&[0; 25]).unwrap();
        assert_eq!(progress.read(), (35, Some(100)));
        progress.end();
        assert!(!progress.is_running());
        progress.begin();
        assert_eq!(progress.read(), (0, None), "a new run starts from nothing");
    }
}
