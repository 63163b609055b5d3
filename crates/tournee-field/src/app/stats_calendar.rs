//! [`FieldApp`]'s « Stats » and « Historique » commands, and their exports (the stats
//! page as PDF, the calendar as iCalendar) written under `<home>/exports/` (the writer,
//! `export`, serves the contacts' CSV too).

use chrono::NaiveDate;

use super::documents::Document;
use super::FieldApp;
use crate::calendar;
use crate::dto::{
    CalendarEvent, CalendarQuery, CalendarView, ExportedFile, RepChoice, Stats, StatsQuery,
};
use crate::error::{AppRule, FieldError, Forbidden, Result};
use crate::snapshot::users;
use crate::stats::{self, period};
use tournee_core::DomainError;

/// Folder of the files the app writes for the rep, inside its home folder.
pub const EXPORTS_DIR: &str = "exports";

impl FieldApp {
    /// The reps whose figures the rep may see: every rep for an admin, else only themselves.
    pub fn list_reps(&self) -> Result<Vec<RepChoice>> {
        let opened = self.opened()?;
        let all = users(opened.snapshot.conn())?;
        Ok(all
            .into_iter()
            .filter(|u| opened.me.is_admin || u.erp_code == opened.me.erp_code)
            .map(|u| RepChoice {
                erp_code: u.erp_code,
                display_name: u.display_name,
            })
            .collect())
    }

    /// The rep a query is about, and whether it is the signed-in one. Only admins may name
    /// another rep.
    pub(super) fn rep_of(&self, rep: Option<&str>) -> Result<(String, bool)> {
        let me = &self.opened()?.me;
        match rep.map(str::trim).filter(|r| !r.is_empty()) {
            None => Ok((me.erp_code.clone(), true)),
            Some(code) if code == me.erp_code => Ok((me.erp_code.clone(), true)),
            Some(code) if me.is_admin => Ok((code.to_string(), false)),
            Some(_) => Err(FieldError::NotAllowed(Forbidden::OtherRepsFigures)),
        }
    }

    /// The « Stats » tab for a rep and a period.
    pub fn stats(&self, query: &StatsQuery) -> Result<Stats> {
        let (rep, own) = self.rep_of(query.rep.as_deref())?;
        let opened = self.opened()?;
        let period = period(&query.period, self.now().date_naive()).map_err(FieldError::rule)?;
        let form = &opened.parameters.visit_form;
        let lang = self.settings.lang;
        if own {
            stats::own_stats(
                opened.snapshot.conn(),
                form,
                &rep,
                &period,
                &self.overlay()?,
                lang,
            )
        } else {
            stats::team_stats(opened.snapshot.conn(), form, &rep, &period, lang)
        }
    }

    /// « Imprimer »: the stats page as one A4 PDF, written under `<home>/exports/`.
    pub fn print_stats(&self, query: &StatsQuery) -> Result<ExportedFile> {
        self.export(&self.stats_document(query)?)
    }

    fn calendar_range(query: &CalendarQuery) -> Result<(NaiveDate, NaiveDate)> {
        let day = |field: &str, text: &str| {
            tournee_core::parse_iso_date(text.trim()).ok_or_else(|| {
                FieldError::rule(DomainError::NotADate {
                    field: field.into(),
                })
            })
        };
        let (from, to) = (day("from", &query.from)?, day("to", &query.to)?);
        if to < from || (to - from).num_days() > calendar::MAX_DAYS {
            return Err(FieldError::app_rule(AppRule::BadRange {
                field: "to".into(),
                max_days: calendar::MAX_DAYS,
            }));
        }
        Ok((from, to))
    }

    /// The visits done between two days, for the calendar; for another rep, with the first
    /// day the admin's snapshot knows.
    pub fn calendar(&self, query: &CalendarQuery) -> Result<CalendarView> {
        let (rep, own) = self.rep_of(query.rep.as_deref())?;
        let events = self.calendar_events(&rep, own, query)?;
        let (available_from, available_days) = if own {
            (None, None)
        } else {
            let opened = self.opened()?;
            let since = opened.parameters.team_visits_since.unwrap_or_else(|| {
                // A snapshot made before the server wrote the day: the same rule, from its date.
                opened.snapshot.manifest().generated_at.date_naive()
                    - chrono::Duration::days(i64::from(opened.parameters.team_visit_days))
            });
            (
                Some(since.to_string()),
                Some(opened.parameters.team_visit_days),
            )
        };
        Ok(CalendarView {
            events,
            available_from,
            available_days,
        })
    }

    pub(super) fn calendar_events(
        &self,
        rep: &str,
        own: bool,
        query: &CalendarQuery,
    ) -> Result<Vec<CalendarEvent>> {
        let (from, to) = Self::calendar_range(query)?;
        let opened = self.opened()?;
        let lang = self.settings.lang;
        if own {
            calendar::own_events(
                opened.snapshot.conn(),
                &opened.parameters,
                &self.overlay()?,
                self.settings
                    .user
                    .as_deref()
                    .ok_or(FieldError::NotConfigured)?,
                rep,
                from,
                to,
                lang,
            )
        } else {
            calendar::team_events(
                opened.snapshot.conn(),
                &opened.parameters,
                rep,
                from,
                to,
                lang,
            )
        }
    }

    /// The calendar's visits as an `.ics` file under `<home>/exports/`.
    pub fn export_calendar(&self, query: &CalendarQuery) -> Result<ExportedFile> {
        self.export(&self.calendar_document(query)?)
    }

    /// The exported file at `path`, checked before it is handed to the desktop's viewer:
    /// it must be a regular file directly in this app's `exports` folder (after resolving
    /// links and `..`), so the window can open nothing else, wherever the home folder is.
    pub fn exported_file(&self, path: &str) -> Result<std::path::PathBuf> {
        let refused = || {
            FieldError::NotAllowed(Forbidden::NotAnExport {
                path: path.to_string(),
            })
        };
        let folder = self.home.join(EXPORTS_DIR);
        let folder = folder.canonicalize().map_err(|_| refused())?;
        let asked = std::path::Path::new(path);
        let is_file = std::fs::symlink_metadata(asked).is_ok_and(|m| m.file_type().is_file());
        let real = asked.canonicalize().map_err(|_| refused())?;
        if is_file && real.parent() == Some(folder.as_path()) {
            Ok(real)
        } else {
            Err(refused())
        }
    }

    /// Writes `document` as `<home>/exports/<its name>` (whole or not at all).
    pub(super) fn export(&self, document: &Document) -> Result<ExportedFile> {
        let folder = self.home.join(EXPORTS_DIR);
        std::fs::create_dir_all(&folder).map_err(|e| FieldError::io(&folder, e))?;
        let path = folder.join(&document.name);
        tournee_sync::write_atomically(&path, &document.bytes)?;
        Ok(ExportedFile {
            path: path.display().to_string(),
            bytes: u32::try_from(document.bytes.len()).unwrap_or(u32::MAX),
        })
    }
}
