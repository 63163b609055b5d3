//! The built-in HTTPS transport as the rep sees it: enrolling this laptop with the
//! admin's code, and the status bar's online / last sync / files waiting. The rounds
//! themselves run in the window's background thread (`tournee_link::sync_once`), never
//! under the app's lock, so typing is never held up by the network.

use std::path::PathBuf;

use chrono::{DateTime, Local};
use tournee_link::outbox_files;
use tournee_link::{Credential, LinkState};

use crate::app::{device_name, FieldApp};
use crate::dto::CommandError;
use crate::dto::{EnrollInput, LinkStatus, Refusal, RefusedFile};
use crate::error::{FieldError, Result};

/// Where a background round reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPaths {
    /// The app's home (credential and state).
    pub home: PathBuf,
    /// The outbox folder.
    pub outbox: PathBuf,
    /// The snapshot folder.
    pub snapshots: PathBuf,
}

/// `ab12…` → `AB12 CD34 …`.
pub fn group_fingerprint(hex: &str) -> String {
    hex.to_ascii_uppercase()
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn local_minute(at: DateTime<chrono::Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

impl FieldApp {
    /// The paths a background round needs, once the app is set up and enrolled.
    pub fn link_paths(&self) -> Option<LinkPaths> {
        let settings = self.settings();
        let (outbox, snapshots) = (settings.outbox_dir.clone()?, settings.snapshot_dir.clone()?);
        Credential::load(self.home()).ok().flatten()?;
        Some(LinkPaths {
            home: self.home().to_path_buf(),
            outbox,
            snapshots,
        })
    }

    /// The transport's state.
    pub fn link_status(&self) -> Result<LinkStatus> {
        let Some((credential, _key)) = Credential::load(self.home())? else {
            return Ok(LinkStatus {
                enrolled: false,
                server_url: None,
                user: None,
                certificate: None,
                online: false,
                last_sync: None,
                last_error: None,
                waiting: 0,
                refused: Vec::new(),
            });
        };
        let state = LinkState::load(self.home())?;
        let waiting = match self.settings().outbox_dir.as_deref() {
            Some(outbox) => outbox_files(outbox)?
                .iter()
                .filter(|name| !state.settled.contains_key(*name))
                .count(),
            None => 0,
        };
        let refused = state
            .settled
            .values()
            .filter(|s| s.state == tournee_sync::ChangeState::Failed)
            .map(|s| RefusedFile {
                file_name: s.file_name.clone(),
                reason: s.reason.clone().unwrap_or_default(),
                detail: s.detail.clone().unwrap_or_default(),
                refusal: s.why().as_ref().and_then(Refusal::from_detail),
            })
            .collect();
        Ok(LinkStatus {
            enrolled: true,
            server_url: Some(credential.server_url),
            user: Some(credential.user),
            certificate: Some(group_fingerprint(&credential.cert_sha256)),
            online: state.online,
            last_sync: state.last_success.map(local_minute),
            last_error: match (&state.last_failure, state.last_error) {
                (Some(failure), _) => Some(CommandError::from_link_failure(failure)),
                // A state file written before failures were kept as codes: its sentence
                // (in the language of then) is kept as the unknown failure's detail.
                (None, older) => older.map(|sentence| {
                    CommandError::from_link_failure(&tournee_link::LinkFailure {
                        code: sentence,
                        values: Default::default(),
                    })
                }),
            },
            waiting: u32::try_from(waiting).unwrap_or(u32::MAX),
            refused,
        })
    }

    /// Enrolls this laptop with the admin's one-time code. The code must be for the rep
    /// the app is set up for; the files still waiting in the outbox are signed, and
    /// every file written from now on is.
    pub fn link_enroll(&mut self, input: &EnrollInput) -> Result<LinkStatus> {
        let user = self
            .settings()
            .user
            .clone()
            .ok_or(FieldError::NotConfigured)?;
        let outbox = self
            .settings()
            .outbox_dir
            .clone()
            .ok_or(FieldError::NotConfigured)?;
        // Enroll into a scratch home first: a code meant for another rep leaves nothing.
        let scratch = self.home().join("link-enrolling");
        let _stale = std::fs::remove_dir_all(&scratch);
        let credential =
            tournee_link::enroll(&scratch, &input.server_url, &input.code, &device_name())?;
        if credential.user != user {
            let _tidy = std::fs::remove_dir_all(&scratch);
            return Err(FieldError::Link(tournee_link::LinkError::Input {
                field: "code",
                problem: tournee_link::InputProblem::CodeForAnotherUser {
                    code_user: credential.user,
                    app_user: user,
                },
            }));
        }
        let target = tournee_link::link_dir(self.home());
        let _previous = std::fs::remove_dir_all(&target);
        std::fs::rename(tournee_link::link_dir(&scratch), &target)
            .map_err(|e| FieldError::io(&target, e))?;
        let _tidy = std::fs::remove_dir_all(&scratch);
        self.reload_signer();
        if let Some(signer) = Credential::load_signer(self.home())? {
            let signed = tournee_link::sign_waiting_files(&outbox, &signer)?;
            tracing::info!(signed, "files written before enrollment are now signed");
        }
        self.link_status()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_read_in_groups_of_four() {
        assert_eq!(group_fingerprint("ab12cd34ef"), "AB12 CD34 EF");
    }
}
