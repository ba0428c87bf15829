// App-wide notices: errors that belong to no input field, and short confirmations.
// One Toaster is created by the app shell and shared through Svelte context (no module singleton,
// so tests get a fresh one each time).

import { getContext, setContext } from 'svelte';

export type ToastKind = 'error' | 'success' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  title?: string;
}

/** Confirmations fade on their own; errors stay until dismissed so nobody misses one. */
const AUTO_DISMISS_MS: Record<ToastKind, number | null> = { success: 4000, info: 5000, error: null };
const MAX_VISIBLE = 4;

export class Toaster {
  items: Toast[] = $state([]);
  #nextId = 1;
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  show(kind: ToastKind, message: string, title?: string): number {
    const id = this.#nextId++;
    const next = [...this.items, { id, kind, message, title }];
    // Drop the oldest when too many pile up.
    while (next.length > MAX_VISIBLE) {
      const dropped = next.shift();
      if (dropped) this.#clearTimer(dropped.id);
    }
    this.items = next;
    const delay = AUTO_DISMISS_MS[kind];
    if (delay !== null) {
      this.#timers.set(
        id,
        setTimeout(() => this.dismiss(id), delay),
      );
    }
    return id;
  }

  error(message: string, title = 'Something went wrong'): number {
    return this.show('error', message, title);
  }

  success(message: string): number {
    return this.show('success', message);
  }

  info(message: string): number {
    return this.show('info', message);
  }

  dismiss(id: number): void {
    this.#clearTimer(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  clear(): void {
    for (const id of this.#timers.keys()) this.#clearTimer(id);
    this.items = [];
  }

  #clearTimer(id: number) {
    const timer = this.#timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(id);
  }
}

const KEY = Symbol('toaster');

export function provideToaster(toaster: Toaster = new Toaster()): Toaster {
  setContext(KEY, toaster);
  return toaster;
}

/** The app's Toaster. Outside the shell (isolated component tests) a private one is used. */
export function useToaster(): Toaster {
  return getContext<Toaster | undefined>(KEY) ?? new Toaster();
}

export const TOASTER_CONTEXT_KEY = KEY;
