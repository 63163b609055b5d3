// The only module that talks to the Rust back end: one typed function per command. In the
// laptop's window the commands are Tauri's; in a browser (the server's `/app/`) the same
// commands are `POST /app/api/<command>` with the same JSON arguments and the same errors.
import { invoke, isTauri } from '@tauri-apps/api/core';
import type { ActionInput } from './bindings/ActionInput';
import type { ActivityLine } from './bindings/ActivityLine';
import type { CallInput } from './bindings/CallInput';
import type { CampaignInput } from './bindings/CampaignInput';
import type { CampaignLine } from './bindings/CampaignLine';
import type { CampaignPage } from './bindings/CampaignPage';
import type { LeadCardInput } from './bindings/LeadCardInput';
import type { MeetingInput } from './bindings/MeetingInput';
import type { MeetingLine } from './bindings/MeetingLine';
import type { UserIdentity } from './bindings/UserIdentity';
import type { AssignmentResult } from './bindings/AssignmentResult';
import type { SegmentInput } from './bindings/SegmentInput';
import type { SegmentLine } from './bindings/SegmentLine';
import type { SegmentParties } from './bindings/SegmentParties';
import type { ActionType } from './bindings/ActionType';
import type { CloseInput } from './bindings/CloseInput';
import type { ConversionToOpportunity } from './bindings/ConversionToOpportunity';
import type { OpportunityBoard } from './bindings/OpportunityBoard';
import type { OpportunityCard } from './bindings/OpportunityCard';
import type { OpportunityEdit } from './bindings/OpportunityEdit';
import type { OpportunityFigures } from './bindings/OpportunityFigures';
import type { OpportunityInput } from './bindings/OpportunityInput';
import type { OpportunityView } from './bindings/OpportunityView';
import type { CatalogueChoice } from './bindings/CatalogueChoice';
import type { QuoteEdit } from './bindings/QuoteEdit';
import type { QuoteInput } from './bindings/QuoteInput';
import type { QuoteLineDto } from './bindings/QuoteLineDto';
import type { QuoteSignatureInput } from './bindings/QuoteSignatureInput';
import type { QuoteTotalsView } from './bindings/QuoteTotalsView';
import type { QuoteView } from './bindings/QuoteView';
import type { ReportQuery } from './bindings/ReportQuery';
import type { SalesReports } from './bindings/SalesReports';
import type { ContactHit } from './bindings/ContactHit';
import type { ContactPage } from './bindings/ContactPage';
import type { ContactQuery } from './bindings/ContactQuery';
import type { Dashboard } from './bindings/Dashboard';
import type { DuplicateMatchView } from './bindings/DuplicateMatchView';
import type { PartyInput } from './bindings/PartyInput';
import type { PersonInput } from './bindings/PersonInput';
import type { PoolView } from './bindings/PoolView';
import type { TakeNotice } from './bindings/TakeNotice';
import type { UserGrants } from './bindings/UserGrants';
import type { RecordWritten } from './bindings/RecordWritten';
import type { ReplyInput } from './bindings/ReplyInput';
import type { TodoInput } from './bindings/TodoInput';
import type { TodoView } from './bindings/TodoView';
import type { AppStatus } from './bindings/AppStatus';
import type { UpdateStatus } from './bindings/UpdateStatus';
import type { CalendarQuery } from './bindings/CalendarQuery';
import type { CalendarView } from './bindings/CalendarView';
import type { ClientCard } from './bindings/ClientCard';
import type { CommandError } from './bindings/CommandError';
import type { ConversionConfig } from './bindings/ConversionConfig';
import type { ConversionInput } from './bindings/ConversionInput';
import type { DeclinedNotice } from './bindings/DeclinedNotice';
import type { DuplicateHit } from './bindings/DuplicateHit';
import type { EnrollInput } from './bindings/EnrollInput';
import type { FirstRunProgress } from './bindings/FirstRunProgress';
import type { ErrorCode } from './bindings/ErrorCode';
import type { ExportedFile } from './bindings/ExportedFile';
import type { FleetInput } from './bindings/FleetInput';
import type { FormConfig } from './bindings/FormConfig';
import type { HomeRow } from './bindings/HomeRow';
import type { Lang } from './bindings/Lang';
import type { LinkStatus } from './bindings/LinkStatus';
import type { ModificationInput } from './bindings/ModificationInput';
import type { Problem } from './bindings/Problem';
import type { ProspectCard } from './bindings/ProspectCard';
import type { ProspectCreated } from './bindings/ProspectCreated';
import type { ProspectHit } from './bindings/ProspectHit';
import type { ProspectInput } from './bindings/ProspectInput';
import type { ProspectUpdateInput } from './bindings/ProspectUpdateInput';
import type { ProspectVisitInput } from './bindings/ProspectVisitInput';
import type { RefreshOutcome } from './bindings/RefreshOutcome';
import type { RepChoice } from './bindings/RepChoice';
import type { RevisitInput } from './bindings/RevisitInput';
import type { SearchResult } from './bindings/SearchResult';
import type { SetupInput } from './bindings/SetupInput';
import type { SetupPreview } from './bindings/SetupPreview';
import type { Stats } from './bindings/Stats';
import type { StatsQuery } from './bindings/StatsQuery';
import type { VisitInput } from './bindings/VisitInput';
import type { VisitRow } from './bindings/VisitRow';
import type { WrittenChange } from './bindings/WrittenChange';
import { errorText, problemText } from './i18n/errors';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function toValues(v: unknown): CommandError['values'] {
  if (!isRecord(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x ?? '')]));
}

function toProblems(v: unknown): Problem[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter(isRecord)
    .map((p) => ({ field: String(p.field ?? ''), code: String(p.code ?? 'internal') as ErrorCode, values: toValues(p.values) }));
}

/** True when `v` already has the shape of a CommandError sent by the back end (a code and its values). */
export function isCommandError(v: unknown): v is CommandError {
  return isRecord(v) && typeof v.code === 'string' && isRecord(v.values);
}

/**
 * Turns whatever a rejected invoke produced into a CommandError: the back end's codes and
 * values as they are, anything else as an `internal` error whose detail is its text.
 */
export function toCommandError(e: unknown): CommandError {
  if (isCommandError(e)) {
    return {
      code: e.code,
      field: typeof e.field === 'string' ? e.field : null,
      values: toValues(e.values),
      problems: toProblems(e.problems),
    };
  }
  let detail: string;
  if (typeof e === 'string') detail = e;
  else if (e instanceof Error) detail = e.message;
  else if (isRecord(e) && typeof e.message === 'string') detail = e.message;
  else {
    try {
      detail = JSON.stringify(e) ?? String(e);
    } catch {
      detail = String(e);
    }
  }
  return { code: 'internal', field: null, values: { detail }, problems: [] };
}

/**
 * True in a browser served by the server: laptop-only screens and buttons hide, commands go
 * over HTTP. Tauri is detected the documented way (`isTauri`); a page whose IPC is mocked
 * (component tests, `npm run dev:mock`) has Tauri's internals and counts as the window.
 */
export function inBrowser(): boolean {
  return !isTauri() && !('__TAURI_INTERNALS__' in globalThis);
}

/** What the server says of the browser's session (`GET /app/api/session`). */
export type WebSession = { login: string; display_name: string; role: string; csrf: string; back_office: boolean };

let session: Promise<WebSession> | null = null;

/** Where a browser without a session goes: the login page, back here after it. */
export const LOGIN_PAGE = '/office/login?next=app';

function signIn(): never {
  window.location.assign(LOGIN_PAGE);
  throw { code: 'signed_out', field: null, values: {}, problems: [] } satisfies CommandError;
}

/** The browser's session, read once (its CSRF token goes with every call). */
export function webSession(): Promise<WebSession> {
  session ??= fetch('/app/api/session', { credentials: 'same-origin' }).then(async (r) => {
    if (r.status === 401) signIn();
    if (!r.ok) throw toCommandError(await r.json().catch(() => r.statusText));
    return (await r.json()) as WebSession;
  });
  session.catch(() => (session = null));
  return session;
}

async function post<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  const { csrf } = await webSession();
  const r = await fetch(`/app/api/${cmd}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify(args ?? {}),
  });
  if (r.status === 401) signIn();
  const body: unknown = await r.json().catch(() => null);
  if (!r.ok) throw body ?? `HTTP ${r.status}`;
  return body as T;
}

/** The file name a download's `Content-Disposition` gives (the server's names are plain ASCII). */
export function attachmentName(disposition: string | null, fallback: string): string {
  const name = /filename="([^"]+)"/.exec(disposition ?? '')?.[1];
  return name ?? fallback;
}

/**
 * In a browser, the document a laptop's command writes is downloaded instead
 * (`POST /app/download/<cmd>`, same arguments) and saved by the browser; the result names
 * the file, as the laptop's names the path it wrote.
 */
async function download(cmd: string, args?: Record<string, unknown>): Promise<ExportedFile> {
  const { csrf } = await webSession();
  const r = await fetch(`/app/download/${cmd}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify(args ?? {}),
  });
  if (r.status === 401) signIn();
  if (!r.ok) throw (await r.json().catch(() => null)) ?? `HTTP ${r.status}`;
  const blob = await r.blob();
  const name = attachmentName(r.headers.get('content-disposition'), cmd);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { path: name, bytes: blob.size };
}

/** A file for the user: written by the laptop, downloaded by a browser. */
async function fileOf(cmd: string, args?: Record<string, unknown>): Promise<ExportedFile> {
  if (!inBrowser()) return call<ExportedFile>(cmd, args);
  try {
    return await download(cmd, args);
  } catch (e) {
    return Promise.reject(toCommandError(e));
  }
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return inBrowser() ? await post<T>(cmd, args) : await invoke<T>(cmd, args);
  } catch (e) {
    return Promise.reject(toCommandError(e));
  }
}

export const appStatus = () => call<AppStatus>('app_status');
export const setLang = (lang: Lang) => call<AppStatus>('set_lang', { lang });
export const setupPreview = (snapshotDir: string, outboxDir: string) =>
  call<SetupPreview>('setup_preview', { snapshotDir, outboxDir });
export const setupSave = (input: SetupInput) => call<AppStatus>('setup_save', { input });
export const changeFolders = (snapshotDir: string, outboxDir: string) =>
  call<AppStatus>('change_folders', { snapshotDir, outboxDir });
export const firstRunEnroll = (input: EnrollInput) => call<AppStatus>('first_run_enroll', { input });
export const firstRunProgress = () => call<FirstRunProgress>('first_run_progress');
/** The system's folder picker, opened at `start`; `null` when the rep cancelled. */
export const pickFolder = (start: string, title: string) => call<string | null>('pick_folder', { start: start || null, title });
export const refreshSnapshot = () => call<RefreshOutcome>('refresh_snapshot');
export const homeRevisit = () => call<HomeRow[]>('home_revisit');
export const homeLastVisit = () => call<HomeRow[]>('home_last_visit');
export const homeNotices = () => call<DeclinedNotice[]>('home_notices');
export const dismissNotice = (changeId: string) => call<null>('dismiss_notice', { changeId });
export const searchClients = (query: string) => call<SearchResult>('search_clients', { query });
export const clientCard = (code: string) => call<ClientCard>('client_card', { code });
export const visitHistory = (code: string, includeLit: boolean) =>
  call<VisitRow[]>('visit_history', { code, includeLit });
export const formConfig = () => call<FormConfig>('form_config');
export const recordVisit = (input: VisitInput) => call<WrittenChange>('record_visit', { input });
export const setRevisit = (input: RevisitInput) => call<WrittenChange>('set_revisit', { input });
export const setFleet = (input: FleetInput) => call<WrittenChange>('set_fleet', { input });
export const requestModification = (input: ModificationInput) =>
  call<WrittenChange>('request_modification', { input });
export const draftSave = (key: string, value: string) => call<null>('draft_save', { key, value });
export const draftLoad = (key: string) => call<string | null>('draft_load', { key });
export const draftDiscard = (key: string) => call<null>('draft_discard', { key });

// Prospects
export const searchProspects = (query: string) => call<ProspectHit[]>('search_prospects', { query });
export const prospectCard = (prospectId: string) => call<ProspectCard>('prospect_card', { prospectId });
export const prospectHistory = (prospectId: string) => call<VisitRow[]>('prospect_history', { prospectId });
export const findDuplicates = (phone: string) => call<DuplicateHit[]>('find_duplicates', { phone });
export const createProspect = (input: ProspectInput) => call<ProspectCreated>('create_prospect', { input });
export const updateProspect = (input: ProspectUpdateInput) => call<WrittenChange>('update_prospect', { input });
export const deleteProspect = (prospectId: string) => call<WrittenChange>('delete_prospect', { prospectId });
export const recordProspectVisit = (input: ProspectVisitInput) =>
  call<WrittenChange>('record_prospect_visit', { input });
// Opportunities (issue 15).
export const campaigns = () => call<CampaignLine[]>('campaigns');
export const campaignPage = (id: string) => call<CampaignPage>('campaign_page', { id });
export const upcomingMeetings = () => call<MeetingLine[]>('upcoming_meetings');
export const recentActivity = (partyId: string, days: number | null) =>
  call<ActivityLine[]>('recent_activity', { partyId, days });
export const colleagues = () => call<UserIdentity[]>('colleagues');
export const createCampaign = (input: CampaignInput) => call<RecordWritten>('create_campaign', { input });
export const addLeadCard = (input: LeadCardInput) => call<RecordWritten>('add_lead_card', { input });
export const logCall = (input: CallInput) => call<RecordWritten>('log_call', { input });
export const planMeeting = (input: MeetingInput) => call<RecordWritten>('plan_meeting', { input });
export const opportunityBoard = (pipeline: string | null) =>
  call<OpportunityBoard>('opportunity_board', { pipeline });
export const opportunity = (id: string) => call<OpportunityView>('opportunity', { id });
export const partyOpportunities = (partyId: string) =>
  call<OpportunityCard[]>('party_opportunities', { partyId });
export const opportunityFigures = () => call<OpportunityFigures>('opportunity_figures');
export const createOpportunity = (input: OpportunityInput) =>
  call<RecordWritten>('create_opportunity', { input });
export const convertToOpportunity = (input: ConversionToOpportunity) =>
  call<RecordWritten>('convert_to_opportunity', { input });
export const moveOpportunity = (id: string, stage: string) =>
  call<RecordWritten>('move_opportunity', { id, stage });
export const closeOpportunity = (id: string, input: CloseInput) =>
  call<RecordWritten>('close_opportunity', { id, input });
export const updateOpportunity = (id: string, input: OpportunityEdit) =>
  call<RecordWritten>('update_opportunity', { id, input });
export const conversionConfig = () => call<ConversionConfig>('conversion_config');
export const checkConversion = (input: ConversionInput) => call<Problem[]>('check_conversion', { input });
export const convertProspect = (input: ConversionInput) => call<WrittenChange>('convert_prospect', { input });

// Stats and calendar
export const listReps = () => call<RepChoice[]>('list_reps');
export const stats = (query: StatsQuery) => call<Stats>('stats', { query });
// Quotes (issue 15).
export const quoteCatalogue = () => call<CatalogueChoice[]>('quote_catalogue');
export const opportunityQuotes = (opportunityId: string) =>
  call<QuoteView[]>('opportunity_quotes', { opportunityId });
export const quote = (id: string) => call<QuoteView>('quote', { id });
export const quoteTotals = (lines: QuoteLineDto[]) => call<QuoteTotalsView>('quote_totals', { lines });
export const createQuote = (input: QuoteInput) => call<RecordWritten>('create_quote', { input });
export const updateQuote = (id: string, input: QuoteEdit) =>
  call<RecordWritten>('update_quote', { id, input });
export const sendQuote = (id: string) => call<RecordWritten>('send_quote', { id });
export const acceptQuote = (id: string, input: QuoteSignatureInput) =>
  call<RecordWritten>('accept_quote', { id, input });
export const refuseQuote = (id: string) => call<RecordWritten>('refuse_quote', { id });
export const printQuote = (id: string) => fileOf('print_quote', { id });
export const printStats = (query: StatsQuery) => fileOf('print_stats', { query });
export const calendar = (query: CalendarQuery) => call<CalendarView>('calendar', { query });
// The sales reports over the snapshot (issue 15).
export const salesReports = (query: ReportQuery) => call<SalesReports>('sales_reports', { query });
export const printReports = (query: ReportQuery) => fileOf('print_reports', { query });
export const exportCalendar = (query: CalendarQuery) => fileOf('export_calendar', { query });
export const exportContacts = () => fileOf('export_contacts');
// Segments (issue 15): saved lists and criteria, evaluated over what the user sees.
export const segments = () => call<SegmentLine[]>('segments');
export const segmentParties = (id: string) => call<SegmentParties>('segment_parties', { id });
export const createSegment = (input: SegmentInput) => call<RecordWritten>('create_segment', { input });
export const updateSegment = (id: string, input: SegmentInput) =>
  call<RecordWritten>('update_segment', { id, input });
export const deleteSegment = (id: string) => call<RecordWritten>('delete_segment', { id });
export const addToSegment = (id: string, partyId: string) =>
  call<RecordWritten>('add_to_segment', { id, partyId });
export const removeFromSegment = (id: string, partyId: string) =>
  call<RecordWritten>('remove_from_segment', { id, partyId });
/** Gives every party of the segment to `owner`: one change per party the user may write. */
export const assignSegment = (id: string, owner: string) =>
  call<AssignmentResult>('assign_segment', { id, owner });
export const exportSegment = (id: string) => fileOf('export_segment', { id });
/** Hands a file the app exported to the desktop's viewer (the back end accepts only its exports folder). */
export const openExport = (path: string) => call<null>('open_export', { path });

// Contacts (parties, people, actions, replies, todos) and the home's dashboard
export const actionTypes = () => call<ActionType[]>('action_types');
export const contacts = (query: ContactQuery) => call<ContactHit[]>('contacts', { query });
export const contactPage = (id: string) => call<ContactPage>('contact_page', { id });
export const checkParty = (input: PartyInput) => call<DuplicateMatchView[]>('check_party', { input });
export const createParty = (input: PartyInput, allowDuplicates: boolean) =>
  call<RecordWritten>('create_party', { input, allowDuplicates });
export const updateParty = (id: string, input: PartyInput) => call<RecordWritten>('update_party', { id, input });
export const deleteParty = (id: string) => call<RecordWritten>('delete_party', { id });
/** Takes a lead from the unassigned pool (issue 15); the server decides who was first. */
export const takeLead = (id: string) => call<RecordWritten>('take_lead', { id });
/** Releases one's lead back to the unassigned pool (issue 15). */
export const releaseLead = (id: string) => call<RecordWritten>('release_lead', { id });
/** « Leads non attribués »: the pool's leads, newest first, with how many there are (issue 15). */
export const poolLeads = () => call<PoolView>('pool_leads');
/** The takes the server refused because someone took the lead first (the home's notices). */
export const takeNotices = () => call<TakeNotice[]>('take_notices');
/** What the policy lets the user write, as the snapshot says (issue 15): buttons hide by it. */
export const grants = () => call<UserGrants>('grants');
export const addPerson = (input: PersonInput, allowDuplicates: boolean) =>
  call<RecordWritten>('add_person', { input, allowDuplicates });
export const updatePerson = (id: string, input: PersonInput) => call<RecordWritten>('update_person', { id, input });
export const deletePerson = (id: string) => call<RecordWritten>('delete_person', { id });
export const openReminders = (partyId: string) => call<TodoView[]>('open_reminders', { partyId });
export const logAction = (input: ActionInput) => call<RecordWritten>('log_action', { input });
export const addReply = (input: ReplyInput) => call<RecordWritten>('add_reply', { input });
export const createTodo = (input: TodoInput) => call<RecordWritten>('create_todo', { input });
export const completeTodo = (id: string, date: string) => call<RecordWritten>('complete_todo', { id, date });
export const updateTodo = (id: string, input: TodoInput) => call<RecordWritten>('update_todo', { id, input });
export const deleteTodo = (id: string) => call<RecordWritten>('delete_todo', { id });
export const dashboard = () => call<Dashboard>('dashboard');

// Built-in HTTPS sync (status bar, « Synchronisation » panel)
export const linkStatus = () => call<LinkStatus>('link_status');
export const updateStatus = () => call<UpdateStatus>('update_status');
export const updateInstall = () => call<UpdateStatus>('update_install');
export const linkEnroll = (input: EnrollInput) => call<LinkStatus>('link_enroll', { input });
export const linkSyncNow = () => call<null>('link_sync_now');

/** Per-field messages of an error, in the language shown: problems first, then the error's own field. */
export function fieldErrors(err: CommandError | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!err) return out;
  for (const p of err.problems) if (p.field && !(p.field in out)) out[p.field] = problemText(p);
  if (err.field && !(err.field in out)) out[err.field] = errorText(err);
  return out;
}

/** The message(s) to show at the top of a form: whatever no visible field can carry. */
export function generalError(err: CommandError | null, shown: (field: string) => boolean): string | null {
  if (!err) return null;
  const fields = Object.keys(fieldErrors(err));
  const carried = fields.some(shown);
  const leftover = err.problems.filter((p) => !p.field || !shown(p.field)).map((p) => problemText(p));
  const whole = errorText(err);
  if (!carried) return [whole, ...leftover.filter((m) => m !== whole)].join(' — ');
  return leftover.length ? leftover.join(' — ') : null;
}
