// Status and mode badges: one word, and the same colour for the same meaning everywhere.

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const TONES: Record<string, BadgeTone> = {
  // Modes: sandbox is amber (safe to experiment), live is red (real money moves).
  sandbox: 'warning',
  live: 'danger',
  // Generic lifecycle words that Stripe objects use.
  active: 'success',
  enabled: 'success',
  succeeded: 'success',
  paid: 'success',
  complete: 'success',
  completed: 'success',
  won: 'success',
  available: 'success',
  pending: 'warning',
  processing: 'warning',
  in_transit: 'info',
  restricted: 'warning',
  needs_response: 'warning',
  warning_needs_response: 'warning',
  under_review: 'warning',
  incomplete: 'warning',
  failed: 'danger',
  canceled: 'neutral',
  cancelled: 'neutral',
  lost: 'danger',
  rejected: 'danger',
  disabled: 'danger',
  reversed: 'neutral',
  refunded: 'neutral',
  draft: 'neutral',
  inactive: 'neutral',
  deleted: 'neutral',
};

/** The tone for a status word (any case; "in transit" and "in_transit" alike); neutral if unknown. */
export function toneFor(status: string): BadgeTone {
  const key = status.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return TONES[key] ?? 'neutral';
}
