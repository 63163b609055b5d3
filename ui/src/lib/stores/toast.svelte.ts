// Short confirmation messages shown at the bottom of the window.
export type ToastKind = 'ok' | 'error';

class Toasts {
  message = $state<string | null>(null);
  kind = $state<ToastKind>('ok');
  private timer: ReturnType<typeof setTimeout> | undefined;

  show(message: string, kind: ToastKind = 'ok', ms = 3500) {
    this.message = message;
    this.kind = kind;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.message = null), ms);
  }

  hide() {
    clearTimeout(this.timer);
    this.message = null;
  }
}

export const toast = new Toasts();
