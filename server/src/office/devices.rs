//! « Appareils » (admins): the laptops enrolled for the built-in HTTPS transport, the
//! enrollment codes still waiting to be used, a new code for a rep (shown once), and the
//! revocation of a lost or replaced laptop. What the rep types in the app (the server's
//! address, the code) and what they compare (the certificate's fingerprint) is shown
//! beside the form, so the admin can read it out on the phone.

use std::collections::HashMap;
use std::net::SocketAddr;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use rusqlite::Connection;
use serde::Deserialize;
use tournee_store::{all_users, User};
use tournee_store::{
    issue_code, list_devices, pending_codes, revoke_device, Device, DeviceError, IssuedCode,
    PendingCode,
};

use super::auth::{Admin, Signed};
use super::checked_form::{CheckedForm, NoFields};
use super::common::{refused, who, with_db};
use super::error::PageError;
use super::form::{
    add_problem, error_summary, field_views, Field, FieldErrors, FieldView, FormValues, Input,
    Problem,
};
use super::html::{render, Shell};
use super::OfficeState;
use crate::datadir::DataDir;
use crate::https::tls;
use crate::sentences::{Said, Sentence};

/// Shown instead of the host when the transport listens on every interface and this
/// machine's name is unknown.
const UNKNOWN_HOST: &str = "nom-du-serveur";

/// What the page shows, read on the blocking pool.
struct Overview {
    users: Vec<User>,
    devices: Vec<Device>,
    pending: Vec<PendingCode>,
    /// SHA-256 (hex) of the transport's certificate, or why it cannot be read.
    fingerprint: Result<String, String>,
    /// This machine's name, for a transport that listens on every interface.
    host_name: Option<String>,
}

fn overview(conn: &Connection, dir: &DataDir) -> anyhow::Result<Overview> {
    Ok(Overview {
        users: all_users(conn)?,
        devices: list_devices(conn)?,
        pending: pending_codes(conn, Utc::now())?,
        fingerprint: tls::fingerprint(&dir.tls_cert()).map_err(|e| e.to_string()),
        host_name: std::fs::read_to_string("/etc/hostname")
            .ok()
            .map(|name| name.trim().to_string())
            .filter(|name| !name.is_empty()),
    })
}

/// The address the rep types in the app, or `None` when the transport is not enabled.
/// An address that listens on every interface (`0.0.0.0`, `::`) is reached by the
/// machine's name.
pub fn server_address(listen: Option<SocketAddr>, host_name: Option<&str>) -> Option<String> {
    let listen = listen?;
    if listen.ip().is_unspecified() {
        let host = host_name
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .unwrap_or(UNKNOWN_HOST);
        Some(format!("https://{host}:{}", listen.port()))
    } else {
        // `SocketAddr` already puts an IPv6 address between brackets.
        Some(format!("https://{listen}"))
    }
}

/// How the rep's app reaches this server, as the page shows it (`address` in
/// `devices_parts.html`).
pub struct Reach {
    /// The address typed in the app; `None` when the HTTPS transport is off.
    pub url: Option<String>,
    /// The transport listens on every interface: the address uses this machine's name.
    pub everywhere: bool,
    /// The transport listens on this machine only: laptops cannot reach it.
    pub loopback: bool,
}

impl Reach {
    /// What the page says of `listen` (`sync_listen`), on a machine named `host_name`.
    pub fn of(listen: Option<SocketAddr>, host_name: Option<&str>) -> Self {
        Self {
            url: server_address(listen, host_name),
            everywhere: listen.is_some_and(|l| l.ip().is_unspecified()),
            loopback: listen.is_some_and(|l| l.ip().is_loopback()),
        }
    }
}

/// A SHA-256 in hex, upper case, by groups of 4 characters: easy to read out and compare.
pub fn grouped_fingerprint(hex: &str) -> String {
    hex.trim()
        .to_ascii_uppercase()
        .as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// « Jean Dupont (jdupont) », or the bare login of a user no longer in the mapping.
fn rep_label(names: &HashMap<&str, &str>, login: &str) -> String {
    match names.get(login) {
        Some(name) => format!("{name} ({login})"),
        None => login.to_string(),
    }
}

/// The page: enrolled laptops, codes waiting, the form of a new code, what the rep types.
#[derive(Template)]
#[template(path = "office/devices.html")]
struct DevicesPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    overview: &'a Overview,
    /// Reps' names by login.
    names: HashMap<&'a str, &'a str>,
    reach: Reach,
    /// The code just issued, shown once.
    issued: Option<&'a IssuedCode>,
    user_field: FieldView<'a>,
    summary: Option<Vec<Problem<'a>>>,
}

impl DevicesPage<'_> {
    /// [`rep_label`] with the page's names.
    fn rep_label(&self, login: &str) -> String {
        rep_label(&self.names, login)
    }
}

/// The new code's form as sent: the rep's login, which may be missing or unknown (refused
/// on its field, and shown back as chosen).
#[derive(Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    user: String,
}

impl FormValues for CodeForm {
    fn value(&self, name: &str) -> &str {
        match name {
            "user" => &self.user,
            _ => "",
        }
    }
}

fn devices_page(
    signed: &Signed,
    overview: &Overview,
    listen: Option<SocketAddr>,
    values: &CodeForm,
    errors: &FieldErrors,
    issued: Option<&IssuedCode>,
) -> Result<Html<String>, PageError> {
    let mut choices = vec![(String::new(), "— choisir un commercial —".to_string())];
    choices.extend(overview.users.iter().filter(|u| u.active).map(|u| {
        (
            u.windows_user.clone(),
            format!("{} ({})", u.display_name, u.windows_user),
        )
    }));
    let options: Vec<(&str, &str)> = choices
        .iter()
        .map(|(code, label)| (code.as_str(), label.as_str()))
        .collect();
    let fields = [Field {
        name: "user",
        label: "Commercial",
        input: Input::Choice(&options),
        hint: "Utilisateurs actifs de la table de correspondance.",
    }];
    let mut views = field_views(&fields, values, errors);
    let all: Vec<&Field<'_>> = fields.iter().collect();
    let page = DevicesPage {
        shell: Shell::new("Appareils (transport HTTPS)", who(signed)),
        csrf: &signed.csrf,
        overview,
        names: overview
            .users
            .iter()
            .map(|u| (u.windows_user.as_str(), u.display_name.as_str()))
            .collect(),
        reach: Reach::of(listen, overview.host_name.as_deref()),
        issued,
        user_field: views.remove(0),
        summary: error_summary(&all, errors),
    };
    render(&page)
}

/// GET /office/admin/devices
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
) -> Result<Response, PageError> {
    let dir = state.dir.clone();
    let overview = with_db(&state, move |conn| overview(conn, &dir)).await?;
    Ok(devices_page(
        &signed,
        &overview,
        state.sync_listen,
        &CodeForm::default(),
        &FieldErrors::new(),
        None,
    )?
    .into_response())
}

/// POST /office/admin/devices/code: a new enrollment code for the chosen rep, shown once.
pub async fn issue(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<CodeForm>,
) -> Result<Response, PageError> {
    let user = form.user.trim().to_string();
    let admin = signed.account.login.clone();
    let dir = state.dir.clone();
    let outcome = with_db(&state, move |conn| {
        let mut errors = FieldErrors::new();
        let issued = if user.is_empty() {
            add_problem(&mut errors, "user", Sentence::ChooseRep, &[]);
            None
        } else {
            match issue_code(conn, &user, &admin, Utc::now()) {
                Ok(issued) => {
                    // The code itself is a secret: it is not logged.
                    tracing::info!(%admin, %user, "enrollment code issued");
                    Some(issued)
                }
                Err(DeviceError::UnknownUser(unknown)) => {
                    add_problem(
                        &mut errors,
                        "user",
                        Sentence::DeviceUnknownUser,
                        &[("user", &unknown)],
                    );
                    None
                }
                Err(error) => return Err(error.into()),
            }
        };
        Ok((overview(conn, &dir)?, issued, errors))
    })
    .await?;
    let listen = state.sync_listen;
    Ok(match outcome {
        (overview, Some(issued), _) => devices_page(
            &signed,
            &overview,
            listen,
            &CodeForm::default(),
            &FieldErrors::new(),
            Some(&issued),
        )?
        .into_response(),
        (overview, None, errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            devices_page(&signed, &overview, listen, &form, &errors, None)?,
        )
            .into_response(),
    })
}

/// POST /office/admin/devices/{device_id}/revoke: from now on the laptop's requests and
/// files are refused; back to the list.
pub async fn revoke(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(device_id): Path<String>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    let admin = signed.account.login.clone();
    let outcome = with_db(&state, move |conn| {
        Ok(match revoke_device(conn, &device_id, Utc::now()) {
            Ok(()) => {
                tracing::info!(%admin, device = %device_id, "device revoked");
                Ok(())
            }
            Err(DeviceError::UnknownDevice) => Err(Said::new(
                Sentence::UnknownDevice,
                &[("device", &device_id)],
            )),
            Err(error) => return Err(error.into()),
        })
    })
    .await?;
    Ok(match outcome {
        Ok(()) => Redirect::to("/office/admin/devices").into_response(),
        Err(message) => refused(&signed, Sentence::RevocationRefusedTitle, &message)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::office::html::{moment, moment_of};

    /// The address and fingerprint macros as the page calls them.
    #[derive(Template)]
    #[template(
        ext = "html",
        source = "{% import \"office/devices_parts.html\" as rep %}{% call rep::address(reach) %}|{% call rep::fingerprint(sha256) %}"
    )]
    struct Parts {
        reach: Reach,
        sha256: Result<String, String>,
    }

    fn address_html(listen: Option<SocketAddr>, host_name: Option<&str>) -> String {
        let reach = Reach::of(listen, host_name);
        let parts = Parts {
            reach,
            sha256: Ok(String::new()),
        };
        let html = parts.render().unwrap();
        html.split('|').next().unwrap_or_default().to_string()
    }

    fn fingerprint_html(sha256: &Result<String, String>) -> String {
        let parts = Parts {
            reach: Reach::of(None, None),
            sha256: sha256.clone(),
        };
        let html = parts.render().unwrap();
        html.split('|').nth(1).unwrap_or_default().to_string()
    }

    #[test]
    fn a_fingerprint_is_read_by_groups_of_four() {
        let hex = "3fa09b01c2d4e5f60718293a4b5c6d7e8f901a2b3c4d5e6f708192a3b4c5d6e7";
        let grouped = grouped_fingerprint(hex);
        assert_eq!(
            grouped,
            "3FA0 9B01 C2D4 E5F6 0718 293A 4B5C 6D7E 8F90 1A2B 3C4D 5E6F 7081 92A3 B4C5 D6E7"
        );
        assert_eq!(grouped.replace(' ', "").to_ascii_lowercase(), hex);
        assert_eq!(grouped_fingerprint("abcdef"), "ABCD EF");
    }

    #[test]
    fn the_address_follows_sync_listen() {
        let addr = |s: &str| Some(s.parse::<SocketAddr>().unwrap());
        assert_eq!(server_address(None, Some("srv")), None);
        assert_eq!(
            server_address(addr("192.168.1.10:8443"), Some("srv")).as_deref(),
            Some("https://192.168.1.10:8443")
        );
        assert_eq!(
            server_address(addr("[2001:db8::1]:8443"), None).as_deref(),
            Some("https://[2001:db8::1]:8443")
        );
        assert_eq!(
            server_address(addr("0.0.0.0:8443"), Some("crm-pneus\n")).as_deref(),
            Some("https://crm-pneus:8443")
        );
        assert_eq!(
            server_address(addr("[::]:9443"), Some(" ")).as_deref(),
            Some("https://nom-du-serveur:9443")
        );
    }

    #[test]
    fn the_page_says_when_the_transport_is_off_or_unreachable() {
        let off = address_html(None, Some("srv"));
        assert!(off.contains("n'est pas activé"), "{off}");
        assert!(off.contains("sync_listen"), "{off}");
        let local = address_html(Some("127.0.0.1:8443".parse().unwrap()), None);
        assert!(local.contains("https://127.0.0.1:8443"), "{local}");
        assert!(local.contains("adresse locale"), "{local}");
        let everywhere = address_html(Some("0.0.0.0:8443".parse().unwrap()), Some("a<b"));
        assert!(
            everywhere.contains("https://a&lt;b:8443"),
            "escaped: {everywhere}"
        );
    }

    #[test]
    fn instants_are_shown_like_the_other_pages() {
        let nine_utc = chrono::DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(moment("2026-11-23T10:00:00+01:00"), moment_of(nine_utc));
        assert!(moment_of(nine_utc).starts_with("23/11/2026 à "));
        assert_eq!(moment("pas une date"), "pas une date");
        let unreadable = fingerprint_html(&Err("<absent>".to_string()));
        assert!(unreadable.contains("certificat illisible (&lt;absent&gt;)"));
    }
}
