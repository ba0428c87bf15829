// The create form's data, without rendering: what its inputs hold and the request they become.
// Validation is the core's: nothing here decides whether an amount is acceptable or covered.

import type { CreateTransfer } from '../bindings';
import { metadataOf, type MetadataRow } from '../ui/metadata';

export interface TransferDraft {
  accountId: string;
  /** Major units, as typed ("100.00"; "500" for JPY). */
  amount: string;
  currency: string;
  description: string;
  metadata: MetadataRow[];
}

/** The inputs the core may name in a field error, and the test id of each one's input. */
export const FIELD_TEST_IDS = {
  accountId: 'transfer-account',
  amount: 'transfer-amount',
  currency: 'transfer-currency',
  description: 'transfer-description',
  metadata: 'transfer-metadata',
} as const;

export type TransferField = keyof typeof FIELD_TEST_IDS;
export const TRANSFER_FIELDS = Object.keys(FIELD_TEST_IDS) as TransferField[];

export function emptyDraft(accountId = ''): TransferDraft {
  return { accountId, amount: '', currency: 'usd', description: '', metadata: [] };
}

export function buildCreate(workspaceId: number, draft: TransferDraft): CreateTransfer {
  return {
    workspaceId,
    accountId: draft.accountId,
    amount: draft.amount,
    currency: draft.currency,
    description: draft.description.trim() === '' ? null : draft.description,
    metadata: metadataOf(draft.metadata),
  };
}
