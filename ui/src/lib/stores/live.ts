// Live updates in a browser: the server says « changed » (server-sent events) when the
// user's records were updated from elsewhere (a laptop's sync, another browser, the API);
// the screens then re-read what they show, without reloading. The browser reconnects by
// itself after a drop; the periodic status check stays as the fallback.
export const EVENTS_URL = '/app/api/events';

/** Listens for « changed »; returns the function that stops listening. */
export function watchLive(onChanged: () => void): () => void {
  if (typeof EventSource === 'undefined') return () => {};
  const source = new EventSource(EVENTS_URL, { withCredentials: true });
  source.addEventListener('changed', () => onChanged());
  return () => source.close();
}
