// Connected accounts in the window's words. The status itself (and why) comes from the core;
// this only names the four statuses and picks their badge colours.

import type { AccountKind, AccountStatus, ConnectedAccount, Due } from '../bindings';
import type { BadgeTone } from '../ui/badge';

export const STATUS_ORDER: readonly AccountStatus[] = ['pending', 'active', 'restricted', 'disabled'];

const STATUS_LABELS: Record<AccountStatus, string> = {
  pending: 'Pending',
  active: 'Active',
  restricted: 'Restricted',
  disabled: 'Disabled',
};

const STATUS_TONES: Record<AccountStatus, BadgeTone> = {
  pending: 'info',
  active: 'success',
  restricted: 'warning',
  disabled: 'danger',
};

export function statusLabel(status: AccountStatus): string {
  return STATUS_LABELS[status] ?? status;
}

export function statusTone(status: AccountStatus): BadgeTone {
  return STATUS_TONES[status] ?? 'neutral';
}

export const ACCOUNT_KINDS: readonly { kind: AccountKind; label: string }[] = [
  { kind: 'standard', label: 'Standard' },
  { kind: 'express', label: 'Express' },
  { kind: 'custom', label: 'Custom' },
];

export function kindLabel(kind: AccountKind | null): string {
  return ACCOUNT_KINDS.find((k) => k.kind === kind)?.label ?? 'Other';
}

const DUE_LABELS: Record<Due, string> = {
  pastDue: 'Overdue',
  currentlyDue: 'Due now',
  eventuallyDue: 'Needed later',
  pendingVerification: 'Stripe is verifying',
};

export function dueLabel(due: Due): string {
  return DUE_LABELS[due] ?? due;
}

export function dueTone(due: Due): BadgeTone {
  switch (due) {
    case 'pastDue':
      return 'danger';
    case 'currentlyDue':
      return 'warning';
    case 'pendingVerification':
      return 'info';
    default:
      return 'neutral';
  }
}

/** "Yes"/"No" for the enabled columns. */
export function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

/** The account's name for headings: its business name, else its id. */
export function accountName(account: Pick<ConnectedAccount, 'businessName' | 'accountId'>): string {
  return account.businessName || account.accountId;
}
