// Short status messages ("Added House meter"), shown in one polite live region.

export type ToastTone = 'success' | 'info' | 'error';

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
}

const LIFETIME_MS = 4500;

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;

  push(message: string, tone: ToastTone = 'success'): void {
    const id = this.#next++;
    this.items = [...this.items.slice(-2), { id, message, tone }];
    setTimeout(() => this.dismiss(id), LIFETIME_MS);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
