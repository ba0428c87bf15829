// Onboarding in plain words: status names, modes, and Stripe's requirement field names.

import type { AccountKind, OnboardingEntry, OnboardingStatus } from '../bindings';
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

const KNOWN_REQUIREMENTS: Record<string, string> = {
  external_account: 'Bank account',
  'tos_acceptance.date': 'Terms of service acceptance',
  'tos_acceptance.ip': 'Terms of service acceptance (IP address)',
  business_type: 'Business type',
  'business_profile.url': 'Business website',
  'business_profile.mcc': 'Merchant category code',
};

/** A Stripe requirement (`external_account`, `individual.address.city`, …) in words. */
export function humanizeRequirement(field: string): string {
  const known = KNOWN_REQUIREMENTS[field];
  if (known) return known;
  const words = field.replace(/[_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface Requirements {
  currentlyDue: string[];
  pastDue: string[];
  disabledReason: string | null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `rawResponse.requirements`, read defensively (the raw response is whatever Stripe sent). */
export function requirementsOf(entry: Pick<OnboardingEntry, 'rawResponse'>): Requirements {
  const raw = entry.rawResponse;
  const req =
    raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>).requirements : undefined;
  const r = req && typeof req === 'object' && !Array.isArray(req) ? (req as Record<string, unknown>) : {};
  return {
    currentlyDue: strings(r.currently_due),
    pastDue: strings(r.past_due),
    disabledReason: typeof r.disabled_reason === 'string' && r.disabled_reason !== '' ? r.disabled_reason : null,
  };
}
