// Transfers in plain words. The status itself is the core's (derived from what was reversed);
// this only names it.

import type { TransferStatus } from '../bindings';
import type { BadgeTone } from '../ui/badge';

export const STATUS_WORDS: Record<TransferStatus, string> = {
  paid: 'Paid',
  partiallyReversed: 'Partially reversed',
  reversed: 'Reversed',
};

export const STATUS_ORDER: readonly TransferStatus[] = ['paid', 'partiallyReversed', 'reversed'];

const TONES: Record<TransferStatus, BadgeTone> = {
  paid: 'success',
  partiallyReversed: 'warning',
  reversed: 'neutral',
};

export function statusWords(status: TransferStatus): string {
  return STATUS_WORDS[status] ?? status;
}

export function statusBadge(status: TransferStatus): { label: string; tone: BadgeTone } {
  return { label: statusWords(status), tone: TONES[status] ?? 'neutral' };
}

/** What is left to reverse, in minor units. */
export function reversible(transfer: { amount: number; amountReversed: number }): number {
  return Math.max(0, transfer.amount - transfer.amountReversed);
}
