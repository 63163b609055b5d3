//! How much the listeners give each client: the timeouts and connection caps of the
//! `[limits]` table of `config.toml`, and the caps sized from the process's
//! file-descriptor limit when the admin leaves them at 0.
//!
//! Why caps sized from the descriptor limit: every open connection holds a descriptor,
//! and so do the master database, the inbox watcher and the log file. A flood of idle
//! connections must meet a cap before it meets the limit, or the automaton could no
//! longer open its database or re-read its configuration.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The `[limits]` table of `config.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Seconds a client of the sync transport has to finish its TLS handshake.
    pub tls_handshake_timeout_secs: u64,
    /// Seconds a client has to send a request's headers (slowloris clients are cut),
    /// counted on a kept-alive connection from the end of the previous answer: it is also
    /// how long an idle connection stays open between requests.
    pub header_read_timeout_secs: u64,
    /// Seconds a connection may go without any traffic either way while a request is
    /// under way (a body that stops arriving, an answer the client stops reading).
    pub idle_timeout_secs: u64,
    /// Seconds one request may take, its body included.
    pub request_timeout_secs: u64,
    /// Connections the back office keeps open at once; 0 sizes it from the descriptor limit.
    pub office_max_connections: usize,
    /// Connections the sync transport keeps open at once; 0 sizes it from the descriptor limit.
    pub sync_max_connections: usize,
    /// Connections one client address may keep open on the back office.
    pub office_max_connections_per_address: usize,
    /// Connections one client address may keep open on the sync transport (a whole
    /// office behind one NAT address counts as one address).
    pub sync_max_connections_per_address: usize,
    /// File descriptors never given to connections: the automaton's database, watcher,
    /// logs and snapshot files.
    pub reserved_file_descriptors: u64,
    /// Requests a REST API token may make at once (its rate limit's bucket).
    pub api_burst: u64,
    /// Requests per second a REST API token earns back.
    pub api_requests_per_second: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            tls_handshake_timeout_secs: 10,
            header_read_timeout_secs: 10,
            idle_timeout_secs: 60,
            request_timeout_secs: 60,
            office_max_connections: 0,
            sync_max_connections: 0,
            office_max_connections_per_address: 32,
            sync_max_connections_per_address: 256,
            reserved_file_descriptors: 512,
            api_burst: 600,
            api_requests_per_second: 100,
        }
    }
}

/// A setting of `[limits]` that cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("config.toml, [limits] {setting} = {value} : {expected}")]
pub struct LimitError {
    /// The setting's name in `config.toml`.
    pub setting: &'static str,
    /// The value found.
    pub value: u64,
    /// What it must be (French, as the admin reads it next to the value).
    pub expected: &'static str,
}

impl Limits {
    /// Whether every setting is the default (then `config.toml` need not spell them out).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// Every setting that cannot work, so the server refuses to start rather than run
    /// without a timeout.
    pub fn problems(&self) -> Vec<LimitError> {
        let mut problems = Vec::new();
        for (setting, value) in [
            (
                "tls_handshake_timeout_secs",
                self.tls_handshake_timeout_secs,
            ),
            ("header_read_timeout_secs", self.header_read_timeout_secs),
            ("idle_timeout_secs", self.idle_timeout_secs),
            ("request_timeout_secs", self.request_timeout_secs),
        ] {
            if value == 0 {
                problems.push(LimitError {
                    setting,
                    value,
                    expected: "au moins 1 seconde",
                });
            }
        }
        for (setting, value) in [
            (
                "office_max_connections_per_address",
                self.office_max_connections_per_address,
            ),
            (
                "sync_max_connections_per_address",
                self.sync_max_connections_per_address,
            ),
        ] {
            if value == 0 {
                problems.push(LimitError {
                    setting,
                    value: 0,
                    expected: "au moins 1 connexion",
                });
            }
        }
        for (setting, value) in [
            ("api_burst", self.api_burst),
            ("api_requests_per_second", self.api_requests_per_second),
        ] {
            if value == 0 {
                problems.push(LimitError {
                    setting,
                    value: 0,
                    expected: "au moins 1 requête",
                });
            }
        }
        problems
    }

    /// [`Self::tls_handshake_timeout_secs`] as a duration.
    pub fn tls_handshake_timeout(&self) -> Duration {
        Duration::from_secs(self.tls_handshake_timeout_secs)
    }
    /// [`Self::header_read_timeout_secs`] as a duration.
    pub fn header_read_timeout(&self) -> Duration {
        Duration::from_secs(self.header_read_timeout_secs)
    }
    /// [`Self::idle_timeout_secs`] as a duration.
    pub fn idle_timeout(&self) -> Duration {
        Duration::from_secs(self.idle_timeout_secs)
    }
    /// [`Self::request_timeout_secs`] as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// The connection caps of both listeners for a process that may open `descriptors`
    /// files: the configured ones, or shares of what the reserve leaves. A sync
    /// connection may hold a snapshot file open besides its socket, so it counts twice.
    pub fn caps(&self, descriptors: u64) -> ConnectionCaps {
        let budget = descriptors.saturating_sub(self.reserved_file_descriptors);
        let budget = usize::try_from(budget).unwrap_or(usize::MAX);
        let office_share = (budget / 5).max(MIN_CAP);
        let sync_share = (budget.saturating_sub(office_share) / 2).max(MIN_CAP);
        let pick = |configured: usize, share: usize| {
            if configured == 0 {
                share
            } else {
                configured
            }
        };
        ConnectionCaps {
            office: pick(self.office_max_connections, office_share),
            sync: pick(self.sync_max_connections, sync_share),
        }
    }
}

/// Fewest connections a listener is sized for, however low the descriptor limit.
const MIN_CAP: usize = 16;

/// How many connections each listener keeps open at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionCaps {
    /// The back office.
    pub office: usize,
    /// The sync transport.
    pub sync: usize,
}

/// Raises the soft limit on open files to the hard one, and returns the soft limit in
/// force: a common soft limit of 1,024 would otherwise be the whole server's budget.
pub fn raise_descriptor_limit() -> std::io::Result<u64> {
    rlimit::increase_nofile_limit(u64::MAX)
}

/// The soft limit on open files in force (no change).
pub fn descriptor_limit() -> std::io::Result<u64> {
    rlimit::getrlimit(rlimit::Resource::NOFILE).map(|(soft, _hard)| soft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_leave_the_reserve_to_the_automaton() {
        let limits = Limits::default();
        let caps = limits.caps(20_000);
        assert_eq!(caps.office, (20_000 - 512) / 5);
        assert_eq!(caps.sync, (20_000 - 512 - caps.office) / 2);
        assert!(caps.office + 2 * caps.sync <= 20_000 - 512);
        let small = limits.caps(1_024);
        assert!(small.office + 2 * small.sync <= 1_024 - 512, "{small:?}");
        assert_eq!(limits.caps(100).office, MIN_CAP, "never zero");
        let configured = Limits {
            office_max_connections: 40,
            sync_max_connections: 300,
            ..Limits::default()
        };
        assert_eq!(
            configured.caps(20_000),
            ConnectionCaps {
                office: 40,
                sync: 300
            }
        );
    }

    #[test]
    fn a_zero_timeout_is_refused_by_name() {
        assert!(Limits::default().problems().is_empty());
        let broken = Limits {
            header_read_timeout_secs: 0,
            sync_max_connections_per_address: 0,
            ..Limits::default()
        };
        let problems = broken.problems();
        assert_eq!(problems.len(), 2);
        assert!(problems[0]
            .to_string()
            .contains("header_read_timeout_secs = 0"));
        assert!(problems[1]
            .to_string()
            .contains("sync_max_connections_per_address"));
    }

    #[test]
    fn a_limits_table_reads_with_defaults_for_what_is_left_out() {
        let limits: Limits = toml::from_str("idle_timeout_secs = 5").unwrap();
        assert_eq!(limits.idle_timeout(), Duration::from_secs(5));
        assert_eq!(limits.header_read_timeout_secs, 10);
        assert!(
            toml::from_str::<Limits>("idle_timeout = 5").is_err(),
            "typos are refused"
        );
    }
}
