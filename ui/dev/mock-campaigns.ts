// Dev-only: in-memory campaigns, cards, calls and meetings for the browser mock (the axe tests' « Campagnes »,
// « Saisie rapide », call and meeting states): a campaign with a lead, cards added as pending leads, a card without
// company nor name refused under `company`, meetings to come, a party's last 15 days.
import type { ActivityLine } from '../src/lib/bindings/ActivityLine';
import type { CampaignLead } from '../src/lib/bindings/CampaignLead';
import type { CampaignLine } from '../src/lib/bindings/CampaignLine';
import type { LeadCardInput } from '../src/lib/bindings/LeadCardInput';
import type { MeetingLine } from '../src/lib/bindings/MeetingLine';

type Args = Record<string, unknown>;

const campaigns: CampaignLine[] = [
  { id: 'C1', name: 'House & Design 2027', starts_on: '2027-02-03', ends_on: '2027-02-05', place: 'Paris, Porte de Versailles', cost_cents: 1250000, notes: null, leads: 1, pending: false },
];
const leads: Record<string, CampaignLead[]> = {
  C1: [{ party_id: 'P-DUBOIS', name: 'Cuisines Dubois', status: 'lead', owner: 'mdupont', created_by: 'mdupont', pending: false }],
};
const meetings: MeetingLine[] = [
  { id: 'M1', party_id: 'P-DUBOIS', party_name: 'Cuisines Dubois', opportunity: null, organiser: 'mdupont', attendee: 'jleroy', place: 'Showroom', starts_at: '2027-02-12T09:00:00Z', ends_at: '2027-02-12T10:30:00Z', subject: 'Projet cuisine', status: 'planned', pending: false },
];
const activity: ActivityLine[] = [
  { kind: 'action', id: 'A1', date: '2026-11-20', time: '09:40', code: 'appel', text: 'Veut un devis', by: 'mdupont', pending: false },
];
let seq = 0;
const refused = (field: string, code: string) => {
  throw { code, field, values: { field }, problems: [{ field, code, values: { field } }] };
};

export const campaignCommands: Record<string, (a: Args) => unknown> = {
  campaigns: () => campaigns,
  campaign_page: (a) => {
    const campaign = campaigns.find((c) => c.id === a.id)!;
    const list = leads[campaign.id] ?? [];
    return { campaign: { ...campaign, leads: list.length }, leads: list, by_status: [['lead', list.length]] };
  },
  upcoming_meetings: () => meetings,
  recent_activity: () => activity,
  colleagues: () => [
    { windows_user: 'mdupont', erp_code: 'R01', display_name: 'Marie Dupont', is_admin: false },
    { windows_user: 'jleroy', erp_code: 'R09', display_name: 'Jean Leroy', is_admin: false },
  ],
  create_campaign: (a) => {
    const input = a.input as CampaignLine;
    const id = `C${++seq + 1}`;
    campaigns.unshift({ ...input, id, ends_on: input.ends_on ?? null, leads: 0, pending: true });
    leads[id] = [];
    return { id, waiting_for_server: false };
  },
  add_lead_card: (a) => {
    const input = a.input as LeadCardInput;
    if (!input.company && !input.last_name) refused('company', 'missing_mandatory');
    const id = `P${++seq}`;
    const name = input.company ?? [input.first_name, input.last_name].filter(Boolean).join(' ');
    (leads[input.campaign_id] ??= []).push({ party_id: id, name, status: 'lead', owner: 'mdupont', created_by: 'mdupont', pending: true });
    return { id, waiting_for_server: false };
  },
  log_call: () => ({ id: `A${++seq}`, waiting_for_server: false }),
  plan_meeting: (a) => {
    const input = a.input as { starts_at: string };
    if (!input.starts_at) refused('starts_at', 'invalid_format');
    return { id: `M${++seq}`, waiting_for_server: false };
  },
};
