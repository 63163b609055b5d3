//! [`FieldApp`]: the whole field app behind the window, one method per command.
//!
//! The Tauri layer holds one `FieldApp` behind a mutex and forwards each command to the
//! method of the same name; tests call the methods directly. Nothing here knows about
//! windows or IPC.

mod contacts_export;
pub mod documents;
mod folders;
// Campaigns, meetings and recent activity (issue 15).
mod meet_commands;
// Opportunities (issue 15).
mod opportunity_commands;
// The unassigned pool and the user's grants (issue 15).
mod pool_commands;
// Quotes (issue 15).
mod prospect_commands;
mod quote_commands;
mod record_commands;
mod segment_commands;
// The sales reports (issue 15).
mod report_commands;
mod stats_calendar;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Local, Utc};
use tournee_core::Lang;
use tournee_sync::Signer;

use crate::card::{self, Viewer};
use crate::changes::{self, Author};
use crate::dto::{
    AppStatus, ClientCard, DeclinedNotice, EditableField, FleetInput, FormConfig, Freshness,
    HomeRow, ModificationInput, RefreshOutcome, RevisitInput, SearchResult, SetupInput,
    SetupPreview, UserIdentity, VisitInput, VisitRow, WrittenChange,
};
use crate::error::{FieldError, FolderProblem, Forbidden, Result, UserProblem};
use crate::home;
use crate::local::LocalDb;
use crate::modification_requests::{self, NOTICE_DAYS};
use crate::overlay::Overlay;
use crate::parameters::ServerParameters;
use crate::search;
use crate::settings::AppSettings;
use crate::snapshot::{newer_manifest, users, Snapshot};

/// File name of the laptop's own database in the app's home folder.
pub const LOCAL_DB_FILE: &str = "local.sqlite";

/// The clock the app reads; replaced in tests.
pub type Clock = Box<dyn Fn() -> DateTime<FixedOffset> + Send>;

/// The snapshot in use with what was read from it once.
struct Opened {
    snapshot: Snapshot,
    parameters: ServerParameters,
    me: UserIdentity,
    /// The CRM records' index (statuses, who belongs to whom), read by the first command
    /// that needs it (`crate::record_index`).
    records: std::sync::OnceLock<crate::record_index::RecordIndex>,
}

/// The field app's state.
pub struct FieldApp {
    home: PathBuf,
    settings: AppSettings,
    local: LocalDb,
    opened: Option<Opened>,
    device: String,
    /// The enrolled device's key (built-in HTTPS transport); `None`: files go unsigned.
    signer: Option<Arc<Signer>>,
    clock: Clock,
    /// Why the snapshot could not be opened at start-up (shown on the set-up screen).
    problem: Option<FieldError>,
}

impl FieldApp {
    /// Opens the app's home folder (created if missing): settings, local database, and
    /// the snapshot. At start-up a newer snapshot waiting in the synced folder is taken
    /// at once (nothing is being typed yet).
    pub fn open(home: &Path) -> Result<Self> {
        std::fs::create_dir_all(home).map_err(|e| FieldError::io(home, e))?;
        let settings = AppSettings::load(home)?;
        let local = LocalDb::open(&home.join(LOCAL_DB_FILE))?;
        let mut app = Self {
            home: home.to_path_buf(),
            settings,
            local,
            opened: None,
            device: device_name(),
            signer: None,
            clock: Box::new(|| Local::now().fixed_offset()),
            problem: None,
        };
        app.reload_signer();
        // A window killed mid-write may have left a temporary file in the outbox: never
        // published, never read, removed here before anything is written.
        if let Some(outbox) = app.settings.outbox_dir.as_deref() {
            match tournee_sync::remove_stale_temps(outbox) {
                Ok(0) => {}
                Ok(removed) => {
                    tracing::info!(removed, "stale temporary files removed from the outbox")
                }
                Err(error) => tracing::warn!(%error, "outbox not tidied"),
            }
        }
        if app.settings.is_complete() {
            // A snapshot that cannot be opened must not keep the window from opening:
            // the rep sees why on the set-up screen, with the folders filled in.
            if let Err(error) = app.start_snapshot() {
                tracing::warn!(%error, "snapshot not opened at start-up");
                app.problem = Some(error);
            }
        }
        Ok(app)
    }

    /// Replaces the clock (tests: a laptop an hour ahead, an old snapshot).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    fn now(&self) -> DateTime<FixedOffset> {
        (self.clock)()
    }

    fn start_snapshot(&mut self) -> Result<()> {
        let local = Snapshot::open_local(&self.home)?;
        let current = local.as_ref().map(|s| s.manifest().generation.clone());
        let synced = self.synced_dir()?;
        let snapshot = match (local, newer_manifest(&synced, current.as_deref())) {
            (_, Some(_)) => match Snapshot::install(&self.home, &synced) {
                Ok(fresh) => fresh,
                // A damaged new arrival must not lock the rep out of the copy that works.
                Err(error) => match Snapshot::open_local(&self.home)? {
                    Some(previous) => {
                        tracing::warn!(%error, "new snapshot not usable, keeping the previous one");
                        previous
                    }
                    None => return Err(error),
                },
            },
            (Some(local), None) => local,
            (None, None) => return Err(FieldError::NoSnapshot { folder: synced }),
        };
        self.use_snapshot(snapshot)
    }

    fn use_snapshot(&mut self, snapshot: Snapshot) -> Result<()> {
        let user = self
            .settings
            .user
            .clone()
            .ok_or(FieldError::NotConfigured)?;
        let parameters = ServerParameters::read(snapshot.conn())?;
        let me = users(snapshot.conn())?
            .into_iter()
            .find(|u| u.windows_user == user)
            .ok_or_else(|| FieldError::User {
                user: user.clone(),
                problem: UserProblem::NotInSnapshot,
            })?;
        let manifest = snapshot.manifest();
        let failed: Vec<(String, String)> = manifest
            .failed
            .iter()
            .map(|f| (f.change_id.clone(), f.reason.clone()))
            .collect();
        self.local.reconcile(&manifest.integrated, &failed)?;
        self.tidy_outbox(&manifest.integrated);
        self.opened = Some(Opened {
            snapshot,
            parameters,
            me,
            records: std::sync::OnceLock::new(),
        });
        self.problem = None;
        // Record changes kept while the server did not read them go out now if it does;
        // a failure leaves them kept, for the next snapshot (nothing is lost).
        if let Err(error) = self.flush_held_records() {
            tracing::warn!(%error, "held record changes not moved to the outbox");
        }
        Ok(())
    }

    /// Removes from the outbox the change files the server has integrated (listed by this
    /// snapshot, or seen integrated before): in folder mode the outbox is send-only and would
    /// otherwise grow for ever. A file not yet integrated is never touched; a failure to
    /// remove is only logged (the file is a duplicate for the server anyway).
    fn tidy_outbox(&self, listed: &[String]) {
        let Some(outbox) = self.settings.outbox_dir.as_deref() else {
            return;
        };
        let mut done: std::collections::HashSet<String> = listed.iter().cloned().collect();
        match self.local.integrated_ids() {
            Ok(seen) => done.extend(seen),
            Err(error) => tracing::warn!(%error, "integrated ids not read"),
        }
        let Ok(entries) = std::fs::read_dir(outbox) else {
            return;
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let integrated = tournee_sync::FileName::parse(&name)
                .is_ok_and(|parsed| done.contains(&parsed.change_id));
            if integrated {
                match std::fs::remove_file(entry.path()) {
                    Ok(()) => removed += 1,
                    Err(error) => {
                        tracing::warn!(%error, file = %name, "integrated file not removed")
                    }
                }
            }
        }
        if removed > 0 {
            tracing::info!(removed, "integrated change files removed from the outbox");
        }
    }

    fn synced_dir(&self) -> Result<PathBuf> {
        self.settings
            .snapshot_dir
            .clone()
            .ok_or(FieldError::NotConfigured)
    }

    fn opened(&self) -> Result<&Opened> {
        self.opened.as_ref().ok_or(FieldError::NotConfigured)
    }

    /// Language of labels and messages.
    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// The header's and the first-run screen's view of the app.
    pub fn status(&self) -> Result<AppStatus> {
        let freshness = match &self.opened {
            Some(opened) => {
                let manifest = opened.snapshot.manifest();
                let newer = self
                    .settings
                    .snapshot_dir
                    .as_deref()
                    .and_then(|dir| newer_manifest(dir, Some(&manifest.generation)))
                    .is_some();
                let now = self.now().with_timezone(&Utc);
                Some(Freshness {
                    generation: manifest.generation.clone(),
                    generated_at: manifest.generated_at.to_rfc3339(),
                    expiry_hours: manifest.expiry_hours,
                    stale: opened.snapshot.is_stale(now),
                    // A snapshot "from the future" (laptop clock behind) is 0 hours old.
                    age_hours: u32::try_from((now - manifest.generated_at).num_hours().max(0))
                        .unwrap_or(u32::MAX),
                    newer_available: newer,
                })
            }
            None => None,
        };
        Ok(AppStatus {
            configured: self.settings.is_complete() && self.opened.is_some(),
            os_user: os_user(),
            user: self.opened.as_ref().map(|o| o.me.clone()),
            snapshot_dir: self
                .settings
                .snapshot_dir
                .as_ref()
                .map(|p| p.display().to_string()),
            outbox_dir: self
                .settings
                .outbox_dir
                .as_ref()
                .map(|p| p.display().to_string()),
            freshness,
            lang: self.settings.lang,
            today: self.now().date_naive().to_string(),
            pending_changes: self.local.pending_count()?,
            problem: self.problem.as_ref().map(FieldError::to_command_error),
        })
    }

    /// Changes the language and remembers it.
    pub fn set_lang(&mut self, lang: Lang) -> Result<AppStatus> {
        self.settings.lang = lang;
        self.settings.save(&self.home)?;
        self.status()
    }

    /// Reads the folders the rep picked on the first-run screen.
    pub fn setup_preview(&self, snapshot_dir: &str, outbox_dir: &str) -> Result<SetupPreview> {
        let snapshot_dir = check_folder("snapshot_dir", snapshot_dir)?;
        check_outbox(outbox_dir)?;
        let manifest =
            tournee_sync::read_manifest(&snapshot_dir).map_err(|_| FieldError::Folder {
                field: "snapshot_dir",
                path: snapshot_dir.clone(),
                problem: FolderProblem::NoManifest,
            })?;
        let path = snapshot_dir.join(&manifest.database);
        let conn = rusqlite::Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .map_err(|_| FieldError::Folder {
            field: "snapshot_dir",
            path: path.clone(),
            problem: FolderProblem::DatabaseMissing,
        })?;
        let users = users(&conn)?;
        let os = os_user();
        let suggested = users
            .iter()
            .find(|u| u.windows_user == os)
            .map(|u| u.windows_user.clone())
            .or_else(|| Some(manifest.user.clone()));
        Ok(SetupPreview {
            manifest_user: manifest.user,
            users,
            suggested_user: suggested,
        })
    }

    /// Saves the first-run choices after checking them, and opens the snapshot.
    pub fn setup_save(&mut self, input: &SetupInput) -> Result<AppStatus> {
        let preview = self.setup_preview(&input.snapshot_dir, &input.outbox_dir)?;
        if !preview.users.iter().any(|u| u.windows_user == input.user) {
            return Err(FieldError::User {
                user: input.user.clone(),
                problem: UserProblem::Unknown,
            });
        }
        if preview.manifest_user != input.user {
            return Err(FieldError::User {
                user: input.user.clone(),
                problem: UserProblem::OtherRepsFolder {
                    owner: preview.manifest_user,
                },
            });
        }
        let mut chosen = self.settings.clone();
        chosen.user = Some(input.user.clone());
        chosen.snapshot_dir = Some(PathBuf::from(input.snapshot_dir.trim()));
        chosen.outbox_dir = Some(PathBuf::from(input.outbox_dir.trim()));
        self.try_settings(chosen)?;
        self.settings.save(&self.home)?;
        self.status()
    }

    /// Takes `chosen` as the settings if its snapshot opens; otherwise the settings stay
    /// as they were. Nothing is saved yet ([`Self::save_settings`]).
    pub(crate) fn try_settings(&mut self, chosen: AppSettings) -> Result<()> {
        let previous = std::mem::replace(&mut self.settings, chosen);
        if let Err(error) = self.start_snapshot() {
            self.settings = previous;
            return Err(error);
        }
        Ok(())
    }

    /// Writes the settings in use to `<home>/config.json`.
    pub(crate) fn save_settings(&self) -> Result<()> {
        self.settings.save(&self.home)
    }

    /// Puts back settings taken by [`Self::try_settings`] when a later step failed; the
    /// snapshot opened with them is closed if they are not complete.
    pub(crate) fn restore_settings(&mut self, previous: AppSettings) {
        if !previous.is_complete() {
            self.opened = None;
        }
        self.settings = previous;
    }

    /// « actualiser »: switches to the newer snapshot if one arrived, and says whether it
    /// did, so the window never announces fresh data that did not come. The window keeps
    /// its dialogs; it re-reads what it shows.
    pub fn refresh_snapshot(&mut self) -> Result<RefreshOutcome> {
        let synced = self.synced_dir()?;
        let current = self
            .opened
            .as_ref()
            .map(|o| o.snapshot.manifest().generation.clone());
        let switched = newer_manifest(&synced, current.as_deref()).is_some();
        if switched {
            let snapshot = Snapshot::install(&self.home, &synced)?;
            self.use_snapshot(snapshot)?;
        }
        Ok(RefreshOutcome {
            switched,
            status: self.status()?,
        })
    }

    /// This laptop's pending changes, read once for the command that lays them over the
    /// snapshot.
    fn overlay(&self) -> Result<Overlay> {
        Overlay::read(&self.local)
    }

    fn viewer(&self) -> Result<Viewer<'_>> {
        Ok(Viewer {
            erp_code: &self.opened()?.me.erp_code,
            lang: self.settings.lang,
            today: self.now().date_naive(),
        })
    }

    /// « À revoir ». The window's first rows: once they are read, the search index is
    /// read in the background.
    pub fn home_revisit(&self) -> Result<Vec<HomeRow>> {
        let snapshot = &self.opened()?.snapshot;
        let rows = home::revisit_rows(snapshot.conn(), &self.overlay()?, self.now().date_naive());
        snapshot.read_search_index_soon();
        rows
    }

    /// « Dernière visite ».
    pub fn home_last_visit(&self) -> Result<Vec<HomeRow>> {
        let snapshot = &self.opened()?.snapshot;
        let rows =
            home::last_visit_rows(snapshot.conn(), &self.overlay()?, self.now().date_naive());
        snapshot.read_search_index_soon();
        rows
    }

    /// Client search with wildcards.
    pub fn search_clients(&self, query: &str) -> Result<SearchResult> {
        let snapshot = &self.opened()?.snapshot;
        snapshot.with_search_index(|index| search::search_clients(snapshot.conn(), index, query))
    }

    /// The client card.
    pub fn client_card(&self, code: &str) -> Result<ClientCard> {
        let opened = self.opened()?;
        card::client_card(
            opened.snapshot.conn(),
            &opened.parameters,
            &self.overlay()?,
            code,
            &self.viewer()?,
        )
    }

    /// The home screen's notices: requests the accountant declined in the last
    /// `NOTICE_DAYS` (30) days that the rep has not dismissed.
    pub fn home_notices(&self) -> Result<Vec<DeclinedNotice>> {
        let opened = self.opened()?;
        let since = (self.now().with_timezone(&Utc) - chrono::Duration::days(NOTICE_DAYS))
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        modification_requests::declined_notices(
            opened.snapshot.conn(),
            &opened.parameters.field_profile,
            &since,
            &self.local.seen_notices()?,
            self.settings.lang,
        )
    }

    /// « J'ai vu »: the notice of `change_id` leaves the home screen for good.
    pub fn dismiss_notice(&self, change_id: &str) -> Result<()> {
        self.local
            .mark_notice_seen(change_id, &self.now().to_rfc3339())
    }

    /// « Historique des visites ».
    pub fn visit_history(&self, code: &str, include_lit: bool) -> Result<Vec<VisitRow>> {
        let opened = self.opened()?;
        if !card::client_exists(opened.snapshot.conn(), code)? {
            return Err(FieldError::UnknownClient(code.to_string()));
        }
        card::history(
            opened.snapshot.conn(),
            &opened.parameters,
            &self.overlay()?,
            code,
            include_lit,
            &self.viewer()?,
        )
    }

    /// What the dialogs are built from.
    pub fn form_config(&self) -> Result<FormConfig> {
        let parameters = &self.opened()?.parameters;
        let lang = self.settings.lang;
        Ok(FormConfig {
            visit_form: parameters.visit_form.clone(),
            fleet_types: parameters.fleet_types.clone(),
            editable_fields: parameters
                .field_profile
                .fields
                .iter()
                .filter(|f| f.visible)
                .map(|f| EditableField {
                    field: f.name.clone(),
                    label: parameters.field_profile.label(&f.name, lang),
                    kind: serde_json::to_value(f.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_else(|| "text".into()),
                    max_len: f.input_max_len(),
                })
                .collect(),
            visit_backdate_days: parameters.visit_backdate_days,
            today: self.now().date_naive().to_string(),
        })
    }

    fn author(&self) -> Result<Author<'_>> {
        Ok(Author {
            user: self
                .settings
                .user
                .as_deref()
                .ok_or(FieldError::NotConfigured)?,
            device: &self.device,
            signer: self.signer.as_deref(),
            now: self.now(),
            outbox: self
                .settings
                .outbox_dir
                .as_deref()
                .ok_or(FieldError::NotConfigured)?,
        })
    }

    fn require_client(&self, code: &str) -> Result<()> {
        if card::client_exists(self.opened()?.snapshot.conn(), code)? {
            Ok(())
        } else {
            Err(FieldError::UnknownClient(code.to_string()))
        }
    }

    /// « Visite ce jour » → VC.
    pub fn record_visit(&mut self, input: &VisitInput) -> Result<WrittenChange> {
        self.require_client(&input.client_code)?;
        // Split borrows: the author and parameters read self, the local db is written.
        let (author, parameters) = (self.owned_author()?, self.opened()?.parameters.clone());
        changes::record_visit(&mut self.local, &parameters, &author.as_author(), input)
    }

    /// The client must be in the rep's own portfolio: the revisit date and the fleet
    /// belong to the client's portfolio owner (a covering rep would overwrite a date the
    /// owner set and could not even see it).
    fn require_portfolio_client(&self, code: &str) -> Result<()> {
        match card::in_portfolio(self.opened()?.snapshot.conn(), code)? {
            Some(true) => Ok(()),
            Some(false) => Err(FieldError::NotAllowed(Forbidden::NotPortfolioClient {
                client: code.to_string(),
            })),
            None => Err(FieldError::UnknownClient(code.to_string())),
        }
    }

    /// « Date de revoir » → MC (own portfolio only).
    pub fn set_revisit(&mut self, input: &RevisitInput) -> Result<WrittenChange> {
        self.require_portfolio_client(&input.client_code)?;
        let author = self.owned_author()?;
        changes::set_revisit(&mut self.local, &author.as_author(), input)
    }

    /// « Type de parc » → MC (own portfolio only).
    pub fn set_fleet(&mut self, input: &FleetInput) -> Result<WrittenChange> {
        self.require_portfolio_client(&input.client_code)?;
        let author = self.owned_author()?;
        let parameters = self.opened()?.parameters.clone();
        changes::set_fleet(&mut self.local, &parameters, &author.as_author(), input)
    }

    /// « Demande de modification » → MC.
    pub fn request_modification(&mut self, input: &ModificationInput) -> Result<WrittenChange> {
        self.require_client(&input.client_code)?;
        let author = self.owned_author()?;
        let opened = self.opened.as_ref().ok_or(FieldError::NotConfigured)?;
        let conn = opened.snapshot.conn();
        let code = input.client_code.clone();
        changes::request_modification(
            &mut self.local,
            &opened.parameters,
            &author.as_author(),
            input,
            |field| card::current_value(conn, &code, field),
        )
    }

    /// Keeps a dialog's state.
    pub fn draft_save(&self, key: &str, value: &str) -> Result<()> {
        self.local.save_draft(key, value, &self.now().to_rfc3339())
    }

    /// A dialog's kept state.
    pub fn draft_load(&self, key: &str) -> Result<Option<String>> {
        self.local.load_draft(key)
    }

    /// An owned copy of the author, so the local database can be borrowed mutably.
    fn owned_author(&self) -> Result<OwnedAuthor> {
        let author = self.author()?;
        Ok(OwnedAuthor {
            user: author.user.to_string(),
            device: author.device.to_string(),
            signer: self.signer.clone(),
            now: author.now,
            outbox: author.outbox.to_path_buf(),
        })
    }

    /// Reads the enrolled device's key again (at start-up and after enrollment): from
    /// then on every change file is signed and names the device id.
    pub(crate) fn reload_signer(&mut self) {
        match tournee_link::Credential::load_signer(&self.home) {
            Ok(Some(signer)) => {
                self.device = signer.device_id.clone();
                self.signer = Some(Arc::new(signer));
            }
            Ok(None) => {
                self.device = device_name();
                self.signer = None;
            }
            Err(error) => {
                // Files then go unsigned and the server says so (`unsigned`): visible, not lost.
                tracing::error!(%error, "device key unreadable: change files are not signed");
                self.signer = None;
            }
        }
    }

    /// The app's settings (folders, identity).
    pub(crate) fn settings(&self) -> &AppSettings {
        &self.settings
    }

    /// The app's home folder (settings, local database, transport credential).
    pub(crate) fn home(&self) -> &Path {
        &self.home
    }

    /// Forgets a dialog's state.
    pub fn draft_discard(&self, key: &str) -> Result<()> {
        self.local.discard_draft(key)
    }

    /// The file names of the changes written and not yet seen integrated or refused: the
    /// server's browser back end waits for the ones a command added.
    pub fn pending_files(&self) -> Result<Vec<String>> {
        self.local.pending_files()
    }

    /// Signs every change file from now on with `signer` and names its device: the
    /// server's browser back end signs a user's changes with its own key for that user.
    pub fn sign_as(&mut self, signer: Signer) {
        self.device = signer.device_id.clone();
        self.signer = Some(Arc::new(signer));
    }

    /// Whether change files are signed (an enrolled laptop, or [`Self::sign_as`]).
    pub fn signs(&self) -> bool {
        self.signer.is_some()
    }

    /// Names the device written in each change file (the server's browser back end says
    /// `web`); a device enrolled for the HTTPS transport keeps its own id.
    pub fn set_device(&mut self, device: &str) {
        if self.signer.is_none() {
            self.device = device.to_string();
        }
    }
}

/// An owned copy of the author, so the local database can be borrowed mutably.
struct OwnedAuthor {
    user: String,
    device: String,
    signer: Option<Arc<Signer>>,
    now: DateTime<FixedOffset>,
    outbox: PathBuf,
}

impl OwnedAuthor {
    fn as_author(&self) -> Author<'_> {
        Author {
            user: &self.user,
            device: &self.device,
            signer: self.signer.as_deref(),
            now: self.now,
            outbox: &self.outbox,
        }
    }
}

fn check_folder(field: &'static str, text: &str) -> Result<PathBuf> {
    let path = PathBuf::from(text.trim());
    if text.trim().is_empty() {
        return Err(FieldError::Folder {
            field,
            path,
            problem: FolderProblem::Empty,
        });
    }
    if !path.is_dir() {
        return Err(FieldError::Folder {
            field,
            path,
            problem: FolderProblem::Missing,
        });
    }
    Ok(path)
}

fn check_outbox(text: &str) -> Result<PathBuf> {
    let path = check_folder("outbox_dir", text)?;
    let probe = path.join(".tournee-write-test.tmp");
    std::fs::write(&probe, b"").map_err(|_| FieldError::Folder {
        field: "outbox_dir",
        path: path.clone(),
        problem: FolderProblem::NotWritable,
    })?;
    // The probe is named so that readers ignore it; removing it is tidying only.
    let _ignored = std::fs::remove_file(&probe);
    Ok(path)
}

/// The OS login: the identity suggested at first run.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default()
}

/// The laptop's name, written in each change file's `device`.
pub fn device_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "laptop".into())
}
