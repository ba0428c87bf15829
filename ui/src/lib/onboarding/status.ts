// Onboarding in plain words: status names and modes. What Stripe still needs comes worded from
// the core (`toDo`), as the account detail shows it.

import type { AccountKind, OnboardingStatus } from '../bindings';
import type { BadgeTone } from '../ui/badge';

/** Each status in words, in the order onboarding moves through them, with its code (`status eq`). */
export const STATUS_WORDS: Record<OnboardingStatus, string> = {
  MissingData: 'Missing data',
  MissingTos: 'Terms not accepted',
  ChargesDisabled: 'Charges disabled',
  PayoutDisabled: 'Payouts disabled',
  PayoutEnabled: 'Payouts enabled',
};

/** The numbers the core stores and filters `status` by (`OnboardingStatus::code`). */
export const STATUS_CODES: Record<OnboardingStatus, number> = {
  MissingData: 0,
  MissingTos: 1,
  ChargesDisabled: 2,
  PayoutDisabled: 3,
  PayoutEnabled: 4,
};

export const STATUS_ORDER: readonly OnboardingStatus[] = ['MissingData', 'MissingTos', 'ChargesDisabled', 'PayoutDisabled', 'PayoutEnabled'];

export function statusWords(status: OnboardingStatus): string {
  return STATUS_WORDS[status] ?? status;
}

export function statusTone(status: OnboardingStatus): BadgeTone {
  switch (status) {
    case 'PayoutEnabled':
      return 'success';
    case 'PayoutDisabled':
      return 'info';
    case 'ChargesDisabled':
      return 'danger';
    default:
      return 'warning';
  }
}

/** `mode` as the core stores it: 0 Sandbox, 1 Live. */
export const MODE_CODES = { SANDBOX: 0, LIVE: 1 } as const;

export function modeWord(mode: number): 'SANDBOX' | 'LIVE' {
  return mode === MODE_CODES.LIVE ? 'LIVE' : 'SANDBOX';
}

export const ACCOUNT_TYPES: readonly { kind: AccountKind; label: string; explanation: string }[] = [
  { kind: 'standard', label: 'Standard', explanation: 'The merchant gets the full Stripe Dashboard.' },
  { kind: 'express', label: 'Express', explanation: 'Simple Stripe-hosted onboarding and a light Express Dashboard.' },
  { kind: 'custom', label: 'Custom', explanation: 'No Stripe dashboard: your platform keeps full control.' },
];
