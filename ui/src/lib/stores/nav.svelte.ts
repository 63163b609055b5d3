// Which screen is shown and which client, prospect or contact is open: a tiny in-memory router.
export type Screen = 'home' | 'contacts' | 'clients' | 'prospects' | 'opportunities' | 'campaigns' | 'segments' | 'stats' | 'calendar' | 'reports';

class Nav {
  screen = $state<Screen>('home');
  /** Client open on the Clients screen. */
  clientCode = $state<string | null>(null);
  /** Prospect open on the Prospects screen. */
  prospectId = $state<string | null>(null);
  /** Party open on the Contacts screen. */
  partyId = $state<string | null>(null);
  /** Opportunity open on the Opportunities screen. */
  opportunityId = $state<string | null>(null);

  go(screen: Screen) {
    this.screen = screen;
  }

  openClient(code: string) {
    this.clientCode = code;
    this.screen = 'clients';
  }

  openParty(id: string) {
    this.partyId = id;
    this.screen = 'contacts';
  }

  openOpportunity(id: string) {
    this.opportunityId = id;
    this.screen = 'opportunities';
  }

  openProspect(id: string) {
    this.prospectId = id;
    this.screen = 'prospects';
  }
}

export const nav = new Nav();
