// Steps in the field app's window shared by several tests: the first-run set-up, opening
// a client's card through the search, recording a visit.

/** First run the folder way (the second of the first screen's two): types the two folders,
 * checks them, keeps the suggested user, saves. */
export async function setUp(app, snapshotDir, outbox) {
  await (await app.waitFor('[data-testid="setup-way-folders"]')).click();
  await (await app.waitFor('[data-testid="setup-snapshot-dir"]')).type(snapshotDir);
  await (await app.find('[data-testid="setup-outbox-dir"]')).type(outbox);
  await (await app.find('[data-testid="setup-check"]')).click();
  await app.waitFor('[data-testid="setup-user"]');
  await (await app.waitFor('[data-testid="setup-save"]')).click();
  await app.waitFor('[data-testid="home-row"]');
}

/** « Clients »: searches `query` and opens the card of `code`. */
export async function openCard(app, query, code) {
  await (await app.waitFor('[data-testid="nav-clients"]')).click();
  const search = await app.waitFor('[data-testid="search-input"]');
  await search.clear();
  await search.type(query);
  const hit = await app.waitFor(`[data-testid="search-hit"][data-code="${code}"]`);
  await hit.click();
  await app.waitFor(`[data-testid="client-card"][data-code="${code}"]`);
}

/** « Visite ce jour » on the open card: a comment, contact type « visite », saved. */
export async function recordVisit(app, comment) {
  await (await app.find('[data-testid="btn-visit"]')).click();
  await (await app.waitFor('[data-testid="visit-comment"]')).type(comment);
  await (await app.find('[data-testid="form-opt-type_contact-visite"]')).click();
  await (await app.find('[data-testid="visit-submit"]')).click();
  await app.waitFor('[data-testid="toast"]');
}

/** Types into an input after clearing it. */
export async function fill(app, testid, text) {
  const input = await app.waitFor(`[data-testid="${testid}"]`);
  await input.clear();
  await input.type(text);
  return input;
}

/** Picks `value` in a <select> (WebDriver cannot type into one reliably), once the
 * select is there: a dialog renders its fields after its configuration arrives. */
export async function choose(app, testid, value) {
  await app.waitFor(`[data-testid="${testid}"]`);
  await app.execute(
    `const s = document.querySelector('[data-testid="${testid}"]');
     s.value = arguments[0];
     s.dispatchEvent(new Event('input', { bubbles: true }));
     s.dispatchEvent(new Event('change', { bubbles: true }));`,
    [value],
  );
}

/** The text of the toast once it says something matching `pattern`. */
export async function toastSaying(app, pattern) {
  let said = '';
  await app.waitUntil(async () => {
    const toasts = await app.findAll('[data-testid="toast"]');
    said = toasts.length ? await toasts[0].text() : '';
    return pattern.test(said);
  }, `a toast matching ${pattern}`);
  return said;
}

/** Waits for the home screen of the demo snapshot: a client row and the dashboard's figures. */
export async function seeDemoHome(app) {
  const row = await app.waitFor('[data-testid="home-row"]');
  const code = await row.attribute('data-code');
  if (!/^C\d+$/.test(code ?? '')) throw new Error(`the first home row is not a demo client: ${code}`);
  await app.waitFor('[data-testid="dash-count"]');
}
