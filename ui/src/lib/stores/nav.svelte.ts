// Which screen is shown and which client or prospect is open: a tiny in-memory router.
export type Screen = 'home' | 'clients' | 'prospects' | 'stats' | 'calendar';

class Nav {
  screen = $state<Screen>('home');
  /** Client open on the Clients screen. */
  clientCode = $state<string | null>(null);
  /** Prospect open on the Prospects screen. */
  prospectId = $state<string | null>(null);

  go(screen: Screen) {
    this.screen = screen;
  }

  openClient(code: string) {
    this.clientCode = code;
    this.screen = 'clients';
  }

  openProspect(id: string) {
    this.prospectId = id;
    this.screen = 'prospects';
  }
}

export const nav = new Nav();
