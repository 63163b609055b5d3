// A mocked back end for component tests: given commands answer from handlers, drafts live in memory, anything else fails.
import { mockIPC } from '@tauri-apps/api/mocks';

export type Args = Record<string, unknown>;
export type Handlers = Record<string, (args: Args) => unknown>;

export function mockBackend(handlers: Handlers = {}) {
  const drafts = new Map<string, string>();
  const calls: [string, Args][] = [];
  mockIPC((cmd, raw) => {
    const a = (raw ?? {}) as Args;
    calls.push([cmd, a]);
    const handler = handlers[cmd];
    if (handler) return handler(a);
    switch (cmd) {
      case 'draft_load':
        return drafts.get(a.key as string) ?? null;
      case 'draft_save':
        drafts.set(a.key as string, a.value as string);
        return null;
      case 'draft_discard':
        drafts.delete(a.key as string);
        return null;
      default:
        throw `unexpected ${cmd}`;
    }
  });
  /** Arguments of every call to `cmd`, in order. */
  const called = (cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);
  return { drafts, calls, called };
}
