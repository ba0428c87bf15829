// Payments in plain words: Stripe's PaymentIntent statuses, history events, refund reasons.

import type { Payment, TestCard } from '../bindings';
import type { BadgeTone } from '../ui/badge';

/** Stripe's PaymentIntent statuses, in the order a payment moves through them. */
export const STATUS_WORDS: Record<string, string> = {
  requires_payment_method: 'Awaiting payment',
  requires_confirmation: 'Awaiting confirmation',
  requires_action: 'Needs customer action',
  processing: 'Processing',
  requires_capture: 'Authorized',
  succeeded: 'Succeeded',
  canceled: 'Canceled',
};

export const STATUS_ORDER: readonly string[] = Object.keys(STATUS_WORDS);

export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status.replace(/_/g, ' ');
}

export function statusTone(status: string): BadgeTone {
  switch (status) {
    case 'succeeded':
      return 'success';
    case 'requires_capture':
      return 'info';
    case 'canceled':
      return 'neutral';
    case 'requires_payment_method':
    case 'requires_confirmation':
    case 'requires_action':
    case 'processing':
      return 'warning';
    default:
      return 'neutral';
  }
}

/** A payment's badge: a dispute or a full refund says more than Stripe's `succeeded`. */
export function paymentState(payment: Pick<Payment, 'status' | 'amountRefunded' | 'amountReceived' | 'disputed'>): {
  label: string;
  tone: BadgeTone;
} {
  if (payment.disputed) return { label: 'Disputed', tone: 'danger' };
  if (payment.status === 'succeeded' && payment.amountRefunded > 0) {
    return payment.amountRefunded >= payment.amountReceived
      ? { label: 'Refunded', tone: 'neutral' }
      : { label: 'Partly refunded', tone: 'success' };
  }
  return { label: statusWords(payment.status), tone: statusTone(payment.status) };
}

export const EVENT_WORDS: Record<string, string> = {
  created: 'Created',
  confirmed: 'Paid',
  declined: 'Declined',
  captured: 'Captured',
  canceled: 'Canceled',
  refunded: 'Refunded',
  disputed: 'Disputed',
};

export function eventWords(event: string): string {
  return EVENT_WORDS[event] ?? event;
}

/** Stripe's refund reasons (`''` sends none). */
export const REFUND_REASONS: readonly { value: string; label: string }[] = [
  { value: '', label: 'No reason given' },
  { value: 'requested_by_customer', label: 'Requested by the customer' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'fraudulent', label: 'Fraudulent' },
];

export const TEST_CARDS: readonly { card: TestCard; label: string; explanation: string }[] = [
  { card: 'succeeds', label: 'Succeeds', explanation: 'Visa 4242: the payment goes through.' },
  { card: 'declined', label: 'Declined', explanation: 'The bank declines the card.' },
  { card: 'disputed', label: 'Disputed', explanation: 'Goes through, then the customer disputes it.' },
];

/** Stripe accepts a test card only before a payment method is attached and confirmed. */
export function awaitsPaymentMethod(status: string): boolean {
  return status === 'requires_payment_method' || status === 'requires_confirmation';
}

/** Stripe cancels only what was not captured (or not paid) yet. */
export function cancelable(status: string): boolean {
  return !['succeeded', 'canceled', 'processing'].includes(status);
}

/** What is left to refund, in minor units. */
export function refundable(payment: Pick<Payment, 'amountReceived' | 'amountRefunded'>): number {
  return Math.max(0, payment.amountReceived - payment.amountRefunded);
}
