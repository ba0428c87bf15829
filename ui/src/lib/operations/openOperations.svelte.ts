// How many Stripe writes are still open (pending, or waiting for a person), for the header.
// Created once by the shell and shared through context, so the Pending operations section can ask
// for a fresh count after it retried or resolved one. The core resumes pending operations by
// itself; this only reads the counts.

import { getContext, setContext } from 'svelte';
import type { OpenCounts } from '../bindings';
import { backend } from '../backend/ipc';

/** Often enough to notice a write that lost its answer; the core itself resumes every minute. */
export const OPEN_COUNTS_INTERVAL_MS = 15_000;

export class OpenOperationsStore {
  /** Null until the first answer, and after a failed read (the indicator then hides). */
  counts: OpenCounts | null = $state(null);

  readonly #fetchCounts: () => Promise<OpenCounts>;
  #seq = 0;

  constructor(fetchCounts: () => Promise<OpenCounts> = backend.countOpenOperations) {
    this.#fetchCounts = fetchCounts;
  }

  async refresh(): Promise<void> {
    const seq = ++this.#seq;
    try {
      const counts = await this.#fetchCounts();
      if (seq === this.#seq) this.counts = counts;
    } catch {
      // The header is no place for this error: the sections show the core's errors themselves.
      if (seq === this.#seq) this.counts = null;
    }
  }

  /** Refreshes every `intervalMs` (the caller refreshes once at start); returns the function that stops it. */
  poll(intervalMs: number = OPEN_COUNTS_INTERVAL_MS): () => void {
    const timer = setInterval(() => void this.refresh(), intervalMs);
    return () => clearInterval(timer);
  }

  get total(): number {
    return (this.counts?.pending ?? 0) + (this.counts?.needsDecision ?? 0);
  }
}

const KEY = Symbol('open-operations');

export function provideOpenOperations(store: OpenOperationsStore): OpenOperationsStore {
  setContext(KEY, store);
  return store;
}

/** The shell's store, or null where there is none (a section rendered alone in a test). */
export function useOpenOperations(): OpenOperationsStore | null {
  return getContext<OpenOperationsStore | undefined>(KEY) ?? null;
}

export const OPEN_OPERATIONS_CONTEXT_KEY = KEY;
