// The home screen's first rows (« À revoir »), asked for at start beside the app status
// rather than after it: the window's first rows then wait for one round trip, not two plus
// the layout's first render. Only the home screen's first load takes them; a later load
// asks again.
import * as api from '../api';
import type { HomeRow } from '../bindings/HomeRow';

let early: Promise<HomeRow[]> | null = null;

/** Asks for the rows now (called once, at start). */
export function askEarly(): void {
  early = api.homeRevisit();
  // Read by the home screen, or dropped: never an unhandled rejection.
  early.catch(() => undefined);
}

/** The early answer, once; `null` when there is none (or it was dropped). */
export function takeEarly(): Promise<HomeRow[]> | null {
  const answer = early;
  early = null;
  return answer;
}

/** The app is not set up (the back end refused the early question): forget it. */
export function dropEarly(): void {
  early = null;
}

let painted: () => void = () => undefined;
const paintedOnce = new Promise<void>((resolve) => (painted = resolve));

/** The home's first rows are on screen (called once by the home screen). */
export function markPainted(): void {
  painted();
}

/** Resolves once the home's first rows are painted, or after `fallbackMs` whatever happened
 * (the home failed or has nothing to show): what waits for the start must not wait for ever. */
export function whenPainted(fallbackMs: number): Promise<void> {
  return Promise.race([paintedOnce, new Promise<void>((resolve) => setTimeout(resolve, fallbackMs))]);
}
