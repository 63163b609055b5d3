//! The server's log file, whose folder the admin may move from the back office: the
//! sink writes to a daily-rolling file and can be pointed at another folder while the
//! server runs (« gestion de l'emplacement des logs » without a restart).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use tracing_appender::rolling::RollingFileAppender;
use tracing_subscriber::fmt::MakeWriter;

/// File name prefix of the daily log files (`tournee-server.log.YYYY-MM-DD`).
pub const LOG_PREFIX: &str = "tournee-server.log";

struct Target {
    folder: PathBuf,
    appender: RollingFileAppender,
}

/// A clonable handle on the current log file; every clone writes to the same place.
#[derive(Clone)]
pub struct LogSink {
    target: Arc<Mutex<Target>>,
}

impl LogSink {
    /// Logs into `folder` (created if needed by the appender).
    pub fn new(folder: &Path) -> Self {
        Self {
            target: Arc::new(Mutex::new(Target {
                folder: folder.to_path_buf(),
                appender: tracing_appender::rolling::daily(folder, LOG_PREFIX),
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Target> {
        // A panic while holding the lock leaves a usable appender: keep logging.
        self.target
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Writes the following lines into `folder`, if it differs from the current one.
    pub fn retarget(&self, folder: &Path) {
        let mut target = self.lock();
        if target.folder != folder {
            if let Err(error) = std::fs::create_dir_all(folder) {
                // Keep the old folder rather than lose lines; say so in the old file.
                let current = target.folder.display().to_string();
                let _best_effort = writeln!(
                    target.appender,
                    "cannot log into {}: {error}; logs stay in {current}",
                    folder.display()
                );
                return;
            }
            *target = Target {
                folder: folder.to_path_buf(),
                appender: tracing_appender::rolling::daily(folder, LOG_PREFIX),
            };
        }
    }
}

impl Write for LogSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.lock().appender.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.lock().appender.flush()
    }
}

impl<'a> MakeWriter<'a> for LogSink {
    type Writer = LogSink;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_the_folder_after_a_retarget() {
        let tmp = tempfile::tempdir().unwrap();
        let (first, second) = (tmp.path().join("a"), tmp.path().join("b"));
        let mut sink = LogSink::new(&first);
        writeln!(sink, "one").unwrap();
        sink.retarget(&second);
        writeln!(sink, "two").unwrap();
        let read = |folder: &Path| -> String {
            std::fs::read_dir(folder)
                .unwrap()
                .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
                .collect()
        };
        assert_eq!(read(&first), "one\n");
        assert_eq!(read(&second), "two\n");
    }
}
