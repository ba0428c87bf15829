// The create form's data, without rendering: what its inputs hold and the request they become.
// Validation is the core's: nothing here decides whether an amount or an email is acceptable.

import type { CreatePayment } from '../bindings';
import { metadataOf, type MetadataRow } from '../ui/metadata';

export type { MetadataRow } from '../ui/metadata';

export interface PaymentDraft {
  accountId: string;
  /** Major units, as typed ("25.00"; "500" for JPY). */
  amount: string;
  currency: string;
  orderId: string;
  customerEmail: string;
  manualCapture: boolean;
  metadata: MetadataRow[];
  /** "Set the application fee myself" (Admins with `manageFees`). */
  ownFee: boolean;
  feeAmount: string;
  feeReason: string;
}

/** The inputs the core may name in a field error, and the test id of each one's input. */
export const FIELD_TEST_IDS = {
  accountId: 'payment-account',
  amount: 'payment-amount',
  currency: 'payment-currency',
  orderId: 'payment-order-id',
  customerEmail: 'payment-customer-email',
  metadata: 'payment-metadata',
  'feeOverride.amount': 'payment-fee-amount',
  'feeOverride.reason': 'payment-fee-reason',
} as const;

export type PaymentField = keyof typeof FIELD_TEST_IDS;
export const PAYMENT_FIELDS = Object.keys(FIELD_TEST_IDS) as PaymentField[];

export function emptyDraft(accountId = ''): PaymentDraft {
  return {
    accountId,
    amount: '',
    currency: 'usd',
    orderId: '',
    customerEmail: '',
    manualCapture: false,
    metadata: [],
    ownFee: false,
    feeAmount: '',
    feeReason: '',
  };
}

const blankToNull = (text: string): string | null => (text.trim() === '' ? null : text);

/** The create request; the own fee is sent only when the operator may set it and chose to. */
export function buildCreate(workspaceId: number, draft: PaymentDraft, maySetFee: boolean): CreatePayment {
  return {
    workspaceId,
    accountId: draft.accountId,
    amount: draft.amount,
    currency: draft.currency,
    orderId: blankToNull(draft.orderId),
    customerEmail: blankToNull(draft.customerEmail),
    metadata: metadataOf(draft.metadata),
    manualCapture: draft.manualCapture,
    feeOverride: maySetFee && draft.ownFee ? { amount: draft.feeAmount, reason: draft.feeReason } : null,
  };
}
