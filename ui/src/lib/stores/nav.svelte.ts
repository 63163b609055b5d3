// Which screen is shown and which client is open: a tiny in-memory router.
export type Screen = 'home' | 'clients';

class Nav {
  screen = $state<Screen>('home');
  /** Client open on the Clients screen. */
  clientCode = $state<string | null>(null);

  go(screen: Screen) {
    this.screen = screen;
  }

  openClient(code: string) {
    this.clientCode = code;
    this.screen = 'clients';
  }
}

export const nav = new Nav();
