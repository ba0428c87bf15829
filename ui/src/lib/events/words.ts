// Stripe's events as the Events section names them: where one came from, what applying it did,
// where its forward to the partner stands. The facts are the core's; these are only labels.

import type { EventRow, EventSource, EventState, ForwardState } from '../bindings';
import type { BadgeTone } from '../ui/badge';

export const STATE_WORDS: Record<EventState, string> = {
  pending: 'Pending',
  applied: 'Applied',
  ignored: 'Ignored',
  failed: 'Failed',
};

export const STATE_ORDER: readonly EventState[] = ['pending', 'applied', 'ignored', 'failed'];

export function stateTone(state: EventState): BadgeTone {
  return state === 'applied' ? 'success' : state === 'failed' ? 'danger' : state === 'pending' ? 'warning' : 'neutral';
}

export const SOURCE_WORDS: Record<EventSource, string> = {
  receiver: 'Webhook',
  poller: 'Events API',
};

const FORWARD_WORDS: Record<ForwardState, string> = {
  pending: 'Retrying',
  delivered: 'Delivered',
  failed: 'Failed',
};

/** "Delivered", "Retrying (3 attempts)", "Failed", or "Not forwarded". */
export function forwardWords(event: EventRow): string {
  const f = event.forwarding;
  if (!f) return 'Not forwarded';
  if (f.state === 'pending' && f.attempts === 0) return 'Queued';
  if (f.state === 'pending') return `Retrying (${f.attempts} ${f.attempts === 1 ? 'attempt' : 'attempts'})`;
  return FORWARD_WORDS[f.state];
}

export function forwardTone(event: EventRow): BadgeTone {
  const f = event.forwarding;
  if (!f) return 'neutral';
  return f.state === 'delivered' ? 'success' : f.state === 'failed' ? 'danger' : 'warning';
}
