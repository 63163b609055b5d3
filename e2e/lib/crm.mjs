// Steps on the CRM screens (contacts, their pages, dialogs) shared by the CRM tests of the
// real app window: each test file keeps only what its own scenario needs.

import { fill } from './app.mjs';
import { shoot } from './fixture.mjs';

/** Clicks the element `selector` once it shows. */
export async function click(app, selector) {
  await (await app.waitFor(selector)).click();
}

/** Waits until `selector` matches nothing. */
export async function gone(app, selector, what) {
  await app.waitUntil(async () => (await app.findAll(selector)).length === 0, what);
}

/** A screenshot once the last toast has gone (it would hide a dialog's footer). */
export async function shootClean(app, name) {
  await gone(app, '[data-testid="toast"]', 'the toast to go');
  await shoot(app, name);
}

/** Opens `name` from the Contacts list (clicking again if the list was re-drawn under the
 * click); returns its id. */
export async function openContact(app, name) {
  await click(app, '[data-testid="nav-contacts"]');
  await fill(app, 'contact-search', name);
  let id = null;
  await app.waitUntil(async () => {
    try {
      for (const hit of await app.findAll('[data-testid="contact-hit"]')) {
        if ((await hit.text()).includes(name)) {
          id = await hit.attribute('data-id');
          await hit.click();
          break;
        }
      }
      return id !== null && (await app.findAll(`[data-testid="contact-page"][data-id="${id}"]`)).length === 1;
    } catch {
      return false; // a hit replaced while it was read: look again
    }
  }, `the contact page of ${name}`);
  return id;
}
