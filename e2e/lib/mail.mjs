// Mail as the server's own tests read it, for the end-to-end tests: a real SMTP server on loopback
// (`server/tests/smtp_sink.py`, aiosmtpd, each message stored as JSON with its calendar part) and
// Python's `icalendar` reading an invitation (`server/tests/read_invitation.py`), not our code.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO } from './fixture.mjs';

const SINK = join(REPO, 'server', 'tests', 'smtp_sink.py');
const READER = join(REPO, 'server', 'tests', 'read_invitation.py');

/** Starts the SMTP sink on 127.0.0.1:`port`, storing messages in `dir`; resolves once it listens.
 * `received()` lists the messages so far (envelope, headers, text body, `calendar` part or null). */
export function startSmtpSink(port, dir) {
  mkdirSync(dir, { recursive: true });
  const child = spawn('python3', [SINK, String(port), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited (${code}) before listening`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('ready')) return;
      child.removeAllListeners('exit');
      resolve({
        port,
        received: () => (existsSync(dir) ? readdirSync(dir) : [])
          .filter((n) => n.endsWith('.json'))
          .sort()
          .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8'))),
        stop: () => {
          if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

/** An iCalendar text as Python's `icalendar` reads it: method, uid, sequence, status, summary,
 * location, organizer, attendee (and its CN), start and end in UTC (ISO 8601). */
export function readInvitation(text) {
  return JSON.parse(execFileSync('python3', [READER], { input: text, encoding: 'utf8' }));
}
