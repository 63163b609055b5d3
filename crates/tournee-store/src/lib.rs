//! Tournée's SQLite layer.
//!
//! * `master`: the server's master database (schema, migrations, [`Parameters`], users).
//! * `integrate` ([`integrate_batch`]): exactly-once integration of parsed change files,
//!   one integrator per change type, each change applied together with its ledger row.
//! * `snapshot` ([`generate`]): generation of the per-user offline databases the field
//!   app reads.
//! * `office`: the back office's actions (accounts, creation decisions, modification
//!   requests, prospect reassignment).
//! * `contacts` ([`dry_run`], [`import_contacts`], [`export_contacts`]): the contacts' CSV
//!   import (upload, dry run, import in one transaction) and export.
//! * `access` ([`policy_in_force`], [`principal_of`]): the policy and each user's role and
//!   teams, for every decision on records.
//! * `devices`: laptops enrolled for the HTTPS transport, and the signer check of files.
//! * `mail_queue`: the notifications waiting for the mailer.
//! * `erp` ([`import_erp`], [`export_erp`]): the ERP bridge: the ERP's export files applied
//!   by key, and the rows Tournée creates written out for the ERP, each once, with a ledger.
//! * `parties` ([`link_all`]): ERP clients and prospects as parties, linked and kept in step.
//! * `webhooks` ([`Hooks`], [`claim_due`]): the events integration writes for the admin's
//!   subscriptions, and their deliveries' durable queue.
//! * `api` ([`list_records`], [`authenticate_api_token`]): the REST API's tokens, resources
//!   and idempotency keys.
//! * `demo` ([`fill_demo`]): the deterministic French demo data set.
//!
//! No HTTP, no file watching, no mail here: the server binary wires those around it.

// Private by default, so that the compiler reports what nothing uses; the crate's API is
// the flat list of `pub use` below.
mod access;
mod api;
mod contacts;
mod demo;
mod devices;
mod erp;
mod error;
mod follow_up;
mod integrate;
mod mail_queue;
mod master;
mod office;
mod parties;
mod records;
mod reports;
mod snapshot;
mod webhooks;

pub use access::{ownership_for, policy_in_force, principal_of};
pub use api::{
    authenticate_api_token, create_api_token, finish_idempotent, forget_idempotent, get_record,
    list_api_tokens, list_records, revoke_api_token, start_idempotent, ApiCache, ApiCaller,
    ApiPage, ApiReach, ApiRecord, ApiResource, ApiToken, FieldKind, FieldSpec, FilterKind,
    FilterSpec, IdempotentStart, IssuedToken, KeptAnswer, ListQuery, QueryError, ResourceSpec,
    Shape, TokenAccess, TokenError, TokenScopes, DEFAULT_LIMIT, MAX_FILTER_CHARS, MAX_LIMIT,
    MAX_TOKEN_NAME_CHARS, RESOURCES, TOKEN_PREFIX,
};
pub use contacts::{
    dry_run, export_contacts, guess_target, import_contacts, import_dry_run, load_upload,
    store_upload, ColumnMapping, ContactsExport, DryRun, DuplicateOf, ImportChoice, ImportDone,
    ImportError, ImportTarget, LineDuplicate, LineProblem, LineReport, MappingError, StatusLabel,
    Upload, IMPORT_AUTHOR_PREFIX, MAX_IMPORT_BYTES, UPLOAD_LIFETIME_MINUTES,
};
pub use demo::{
    fill_demo, fill_demo_through_erp, CrmScale, DemoBridgeError, DemoRng, DemoSpec, DemoSummary,
    SellingScale,
};
pub use devices::{
    active_device, find_device, issue_code, last_counter, list_devices, pending_codes, redeem_code,
    register_online_device, revoke_device, save_counter, split_code, Device, DeviceError,
    EnrollmentRequest, IssuedCode, PendingCode, CODE_LIFETIME_HOURS, MAX_DEVICE_NAME_CHARS,
    ONLINE_DEVICE_PREFIX,
};
pub use erp::{
    client_headers, erp_columns, erp_file_names, export_erp, exported_files, import_erp,
    is_export_name, latest_runs, one_client_csv, record_export, reemit, run_refusals,
    write_erp_files, write_pending, ExportEncoding, ExportError, ExportKind, ExportReport,
    ExportedFile, FileFault, FileReport, ImportRun, Refusal, RowRefusal, RunFault, RunOutcome,
    StoredRun, ValueRule, WrittenRows, MAX_BYTES_PER_FILE, MAX_FILE_BYTES, MAX_NAME_CHARS,
    MAX_ROWS_PER_FILE, RELATION_HEADERS,
};
pub use error::{Result, StoreError};
pub use follow_up::{
    follow_up_rules, queue_follow_ups, recent_follow_ups, save_follow_up_rule, FollowUpError,
    FollowUpRule, FollowUpRuleCode, FollowUpRun, FollowUpSettings, QueuedReminder, FOLLOW_UP_KIND,
    FOLLOW_UP_MAX_DAYS, MAX_REMINDERS_PER_RUN,
};
pub use integrate::arrival::{lookup, Arrival, ArrivalKey};
pub use integrate::MEETING_INVITATION;
pub use integrate::{
    integrate_batch, integrate_deliveries, is_integrated_for, last_failure, precheck,
    recent_integrations, record_failure, Delivery, IntegrationContext, LedgerLine, Outcome,
    Precheck, RecordedFailure,
};
pub use mail_queue::{due_notifications, mark_failed, mark_sent, DueNotification};
pub use master::action_types::{
    action_type_uses, add_action_type, delete_action_type, edit_action_type, move_action_type,
    ActionTypeError, ActionTypeSettings,
};
pub use master::catalogue::{
    catalogue_item, catalogue_items, save_catalogue_item, set_catalogue_item_active,
    CatalogueError, CatalogueItem, MAX_CATALOGUE_ITEMS,
};
pub use master::maintenance::{archive_old_relations, queue_job_failure};
pub use master::migrate::LATEST_VERSION as MASTER_SCHEMA_VERSION;
pub use master::params::{
    ParameterProblem, ParameterReason, Parameters, SmtpSettings, SmtpTls, SnapshotMode, Unit,
};
pub use master::pipelines::{
    add_pipeline, add_stage, delete_pipeline, delete_stage, edit_pipeline, edit_stage, move_stage,
    pipeline_uses, set_opportunity_assignee, PipelineError,
};
pub use master::policy::{restore_default_policy, save_policy, stored_policy, StoredPolicy};
pub use master::rights::{parse_role, RightsError, MAX_TEAM_NAME_CHARS};
pub use master::teams::{
    add_member, all_teams, create_team, delete_team, remove_member, rename_team, set_leader,
    team_id, teams_of, Team, TeamMember,
};
pub use master::users::{
    all_users, directory, directory_entry, directory_problems, directory_users, erp_code_taken,
    find_user, may_go_without_erp_code, set_user_role, upsert_user, user_problems, user_role,
    user_roles, DirectoryLine, User, UserProblem,
};
pub use master::{client_count, open_master, open_master_read_only, MASTER_BUSY_TIMEOUT};
pub use office::accounts::{
    change_password, close_session, create_account, ensure_default_admin, generate_password,
    login_taken, open_session, prepare_login_checks, refuse_at_same_cost, reset_password,
    session_account, set_account_active, unlock_account, verify_login, Account, LoginError, Role,
    MAX_DISPLAY_NAME_CHARS, MAX_EMAIL_CHARS, MAX_LOGIN_CHARS,
};
pub use office::creation::{
    creation_client_values, creation_record, creation_requester, creation_signature,
    pending_creations, reject_creation, validate_creation, ClientValues, PendingCreation,
    Validation,
};
pub use office::modification::{
    close_modification, open_modifications, Decision, OpenModification,
};
pub use office::password::{WeakPassword, Weakness, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
pub use office::reassign::{preview, prospect_agencies, reassign, Criteria, ProspectLine};
pub use office::{Missing, OfficeError};
pub use parties::{derived_party_id, is_derived_party_id, link_all, Link, Linked, LINKED_COLUMNS};
pub use records::{
    apply_record, apply_record_and_status, keep_values_of_deleted, party_facts,
    refresh_all_statuses, refresh_party_status, stored_status, RecordApplied, RecordNotApplied,
    RecordWrite,
};
pub use reports::{
    campaign_results, close_times_per_rep, conversion_funnel, pipeline_forecast, report_lines,
    sales_by_month, sales_report, sales_report_within, CampaignResult, CloseTime, Funnel,
    OpportunityLine, ReportPeriod, ReportScope, SalesReport, SalesRow, MAX_REPORT_LINES,
};
pub use snapshot::{
    generate, snapshots_owed, Before, Regeneration, SnapshotReport, SnapshotRequest, Written,
    TEAM_VISIT_DAYS,
};
pub use webhooks::events::{EventType, Hooks, Source};
pub use webhooks::queue::{
    claim_due, delivery_attempts, recent_deliveries, record_attempt, replay_delivery, Attempt,
    AttemptLine, DeliveryLine, DueDelivery, NextStep,
};
pub use webhooks::subscriptions::{
    create_subscription, delete_subscription, list_subscriptions, set_subscription_enabled,
    CreatedSubscription, Subscription, SubscriptionError, MAX_URL_CHARS as MAX_WEBHOOK_URL_CHARS,
    SECRET_PREFIX as WEBHOOK_SECRET_PREFIX,
};
