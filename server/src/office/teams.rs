//! The « Équipes » page: create, rename and delete teams, add and remove members, mark
//! who leads each (a manager's team for the policy's `team` scope). Admins only. Every
//! change goes through the store's checks (`tournee_store::RightsError`); a refused one
//! comes back with its error next to the form concerned and what was typed kept.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tournee_store::{
    add_member, all_teams, create_team, delete_team, directory_users, remove_member, rename_team,
    set_leader, RightsError, Team, User,
};

use super::auth::{Admin, Signed};
use super::checked_form::{CheckedForm, NoFields};
use super::common::{not_found, who, with_db};
use super::error::PageError;
use super::form::ticked;
use super::html::{render, Shell};
use super::OfficeState;
use crate::sentences::{rights_error, Sentence, OFFICE};

/// A team's name as typed (creation or renaming).
#[derive(Deserialize)]
pub struct TeamNameForm {
    #[serde(default)]
    name: String,
}

/// A member to add: their login, and whether they lead the team.
#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    user: String,
    #[serde(default, deserialize_with = "ticked")]
    leads: bool,
}

/// Whether a member is to lead the team (`leads=on`) or no longer.
#[derive(Deserialize)]
pub struct LeaderForm {
    #[serde(default, deserialize_with = "ticked")]
    leads: bool,
}

/// Which form of the page a refusal is about, what was typed in it and what is wrong.
struct Refusal {
    /// `new`, `rename-<id>`, `member-<id>` or `leader-<id>`.
    form: String,
    typed: String,
    message: String,
}

#[derive(Template)]
#[template(path = "office/teams.html")]
struct TeamsPage<'a> {
    shell: Shell<'a>,
    csrf: &'a str,
    notice: Option<String>,
    teams: &'a [Team],
    users: &'a [User],
    refusal: Option<Refusal>,
}

impl TeamsPage<'_> {
    /// The error of form `form`, if the refusal is about it.
    fn error(&self, form: &str) -> Option<&str> {
        self.refusal
            .as_ref()
            .filter(|refusal| refusal.form == form)
            .map(|refusal| refusal.message.as_str())
    }

    /// What form `form` shows: what was typed if it was refused, else `default`.
    fn typed<'b>(&'b self, form: &str, default: &'b str) -> &'b str {
        self.refusal
            .as_ref()
            .filter(|refusal| refusal.form == form)
            .map_or(default, |refusal| refusal.typed.as_str())
    }
}

/// The page with the teams and users read now.
async fn page(
    state: &OfficeState,
    signed: &Signed,
    notice: Option<String>,
    refusal: Option<Refusal>,
) -> Result<Response, PageError> {
    // Every active user of the directory, laptop or not: a manager or an observer who
    // works only in the browser is put in a team like anyone.
    let (teams, users) = with_db(state, |conn| {
        let users = directory_users(conn)?.into_iter().filter(|u| u.active);
        Ok((all_teams(conn)?, users.collect::<Vec<_>>()))
    })
    .await?;
    let status = if refusal.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let html = render(&TeamsPage {
        shell: Shell::new("Équipes", who(signed)),
        csrf: &signed.csrf,
        notice,
        teams: &teams,
        users: &users,
        refusal,
    })?;
    Ok((status, html).into_response())
}

/// `?saved=1` after a change.
#[derive(Deserialize)]
pub struct TeamsQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// GET /office/admin/teams
pub async fn show(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Query(query): Query<TeamsQuery>,
) -> Result<Response, PageError> {
    let notice = query.saved.map(|_| Sentence::TeamsSaved.office(&[]));
    page(&state, &signed, notice, None).await
}

/// Runs a change to the teams; after it, back to the page (snapshots follow), or the
/// page again with the refusal on form `form`, `typed` kept.
async fn change(
    state: OfficeState,
    signed: Signed,
    form: String,
    typed: String,
    work: impl FnOnce(&rusqlite::Connection) -> Result<(), RightsError> + Send + 'static,
) -> Result<Response, PageError> {
    let outcome = with_db(&state, move |conn| match work(conn) {
        Ok(()) => Ok(Ok(())),
        Err(error) => match &error {
            RightsError::Store(_) => Err(error.into()),
            _ => Ok(Err(error)),
        },
    })
    .await?;
    match outcome {
        Ok(()) => {
            tracing::info!(by = %signed.account.login, form, "teams changed");
            state.request_snapshots(None);
            Ok(Redirect::to("/office/admin/teams?saved=1").into_response())
        }
        Err(RightsError::UnknownTeam { .. }) => not_found(&signed, Sentence::UnknownTeamTitle),
        Err(error) => {
            let message = match rights_error(&error) {
                Some(said) => said.say(OFFICE),
                None => return Err(PageError::server(error)),
            };
            let refusal = Refusal {
                form,
                typed,
                message,
            };
            page(&state, &signed, None, Some(refusal)).await
        }
    }
}

/// POST /office/admin/teams: a new team.
pub async fn create(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    CheckedForm(form): CheckedForm<TeamNameForm>,
) -> Result<Response, PageError> {
    let name = form.name.clone();
    change(state, signed, "new".into(), form.name, move |conn| {
        create_team(conn, &name).map(drop)
    })
    .await
}

/// POST /office/admin/teams/{id}/rename
pub async fn rename(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<TeamNameForm>,
) -> Result<Response, PageError> {
    let name = form.name.clone();
    change(
        state,
        signed,
        format!("rename-{id}"),
        form.name,
        move |conn| rename_team(conn, id, &name),
    )
    .await
}

/// POST /office/admin/teams/{id}/delete
pub async fn delete(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(id): Path<i64>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    change(
        state,
        signed,
        format!("delete-{id}"),
        String::new(),
        move |conn| delete_team(conn, id),
    )
    .await
}

/// POST /office/admin/teams/{id}/members: adds a member (or sets whether they lead).
pub async fn add(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<MemberForm>,
) -> Result<Response, PageError> {
    let user = form.user.trim().to_string();
    change(
        state,
        signed,
        format!("member-{id}"),
        form.user,
        move |conn| add_member(conn, id, &user, form.leads),
    )
    .await
}

/// POST /office/admin/teams/{id}/members/{user}/remove
pub async fn remove(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path((id, user)): Path<(i64, String)>,
    CheckedForm(NoFields {}): CheckedForm<NoFields>,
) -> Result<Response, PageError> {
    change(
        state,
        signed,
        format!("member-{id}"),
        String::new(),
        move |conn| remove_member(conn, id, &user),
    )
    .await
}

/// POST /office/admin/teams/{id}/members/{user}/leader: `leads=on` to lead, else not.
pub async fn leader(
    State(state): State<OfficeState>,
    Admin(signed): Admin,
    Path((id, user)): Path<(i64, String)>,
    CheckedForm(form): CheckedForm<LeaderForm>,
) -> Result<Response, PageError> {
    change(
        state,
        signed,
        format!("member-{id}"),
        String::new(),
        move |conn| set_leader(conn, id, &user, form.leads),
    )
    .await
}
