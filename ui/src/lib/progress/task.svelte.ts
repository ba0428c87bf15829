// Long work the window started (a sync): its progress updates as they arrive, and Cancel.
// The core names nothing here: the window names the task, the core reports under that name.

import type { ProgressUpdate } from '../bindings';
import { backend, onProgress, toUserError } from '../backend/ipc';
import { formatCount } from '../format/number';

/** "accounts" → "account" for one; the core sends the plural. */
function counted(count: number, noun: string): string {
  const word = count === 1 && noun.endsWith('s') ? noun.slice(0, -1) : noun;
  return `${formatCount(count)} ${word}`;
}

/**
 * An update in words: "312 of 1,000 accounts" when the total is known, else "312 accounts so
 * far" (Stripe's lists do not say how many there are until their end).
 */
export function progressWords(update: ProgressUpdate | null, noun: string): string {
  if (!update) return `Starting…`;
  const { done, total } = update;
  if (update.cancelled && update.finished) return `Stopped after ${counted(done, update.noun)}; those are kept.`;
  if (update.finished) return `${counted(done, update.noun)} done.`;
  if (total !== null) return `${formatCount(done)} of ${counted(total, update.noun || noun)}`;
  return `${counted(done, update.noun || noun)} so far`;
}

/** One task: listen before starting it (no update is missed), stop listening when it ends. */
export class RunningTask {
  readonly task: string;
  readonly noun: string;
  update = $state<ProgressUpdate | null>(null);
  cancelling = $state(false);
  #unlisten: (() => void) | null = null;

  constructor(task: string, noun: string) {
    this.task = task;
    this.noun = noun;
  }

  /** Runs `work` (which starts the task in the core) with this task's updates kept here. */
  async run<T>(work: (task: string) => Promise<T>): Promise<T> {
    this.#unlisten = await onProgress((update) => {
      if (update.task === this.task) this.update = update;
    });
    try {
      return await work(this.task);
    } finally {
      this.#unlisten?.();
      this.#unlisten = null;
    }
  }

  /** Cancel: the core stops at its next step and keeps what was done. */
  async cancel(onerror: (message: string) => void): Promise<void> {
    if (this.cancelling) return;
    this.cancelling = true;
    try {
      await backend.cancelTask(this.task);
    } catch (e) {
      this.cancelling = false;
      onerror(toUserError(e).message);
    }
  }

  get words(): string {
    return progressWords(this.update, this.noun);
  }

  /** 0…1 when the total is known; null while it is not (an indeterminate bar). */
  get fraction(): number | null {
    const update = this.update;
    if (!update || update.total === null || update.total === 0) return null;
    return Math.min(1, update.done / update.total);
  }
}
