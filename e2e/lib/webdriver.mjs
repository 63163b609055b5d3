// A small W3C WebDriver client over fetch: the few calls the field app's tests need
// (sessions, finding, clicking, typing, reading, screenshots). Written here rather than
// pulled in as a framework so the tests run on Node alone.

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {}

async function call(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const value = json.value ?? {};
    throw new WebDriverError(`${method} ${path}: ${value.error ?? response.status} ${value.message ?? ''}`);
  }
  return json.value;
}

/** One element of the page. */
export class Element {
  constructor(session, id, selector) {
    this.session = session;
    this.id = id;
    this.selector = selector;
  }
  path(suffix) {
    return `/session/${this.session.id}/element/${this.id}${suffix}`;
  }
  async click() {
    await this.session.call('POST', this.path('/click'), {});
  }
  async clear() {
    await this.session.call('POST', this.path('/clear'), {});
  }
  async type(text) {
    await this.session.call('POST', this.path('/value'), { text });
  }
  async text() {
    return this.session.call('GET', this.path('/text'));
  }
  async attribute(name) {
    return this.session.call('GET', this.path(`/attribute/${name}`));
  }
  async property(name) {
    return this.session.call('GET', this.path(`/property/${name}`));
  }
}

/** A session: one launched app window. */
export class Session {
  static async start(base, capabilities) {
    const value = await call(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, value.sessionId);
  }
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }
  call(method, path, body) {
    return call(this.base, method, path, body);
  }
  async find(selector) {
    const value = await this.call('POST', `/session/${this.id}/element`, { using: 'css selector', value: selector });
    return new Element(this, value[ELEMENT], selector);
  }
  async findAll(selector) {
    const values = await this.call('POST', `/session/${this.id}/elements`, { using: 'css selector', value: selector });
    return values.map((v) => new Element(this, v[ELEMENT], selector));
  }
  /** Runs a script in the page (arguments: `arguments[0]`…). */
  async execute(script, args = []) {
    return this.call('POST', `/session/${this.id}/execute/sync`, { script, args });
  }
  /** Runs an asynchronous script: it calls its last argument with the result. */
  async executeAsync(script, args = []) {
    return this.call('POST', `/session/${this.id}/execute/async`, { script, args });
  }
  /** Waits until `selector` matches; returns the first element. */
  async waitFor(selector, { timeout = 15000, visible = true } = {}) {
    return this.waitUntil(async () => {
      const found = await this.findAll(selector);
      for (const element of found) {
        if (!visible || (await this.isDisplayed(element))) return element;
      }
      return null;
    }, `${selector} to appear`, timeout);
  }
  async isDisplayed(element) {
    return this.execute(
      'const e = arguments[0]; const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0;',
      [{ [ELEMENT]: element.id }],
    );
  }
  /** Polls `probe` until it returns something truthy. */
  async waitUntil(probe, what, timeout = 15000) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      try {
        const value = await probe();
        if (value) return value;
      } catch (error) {
        last = error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new WebDriverError(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
  }
  async screenshot() {
    return Buffer.from(await this.call('GET', `/session/${this.id}/screenshot`), 'base64');
  }
  async quit() {
    await this.call('DELETE', `/session/${this.id}`).catch(() => {});
  }
}
