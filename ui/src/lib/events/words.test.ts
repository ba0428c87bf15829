import { describe, expect, it } from 'vitest';
import type { EventRow, ForwardView } from '../bindings';
import { forwardTone, forwardWords, stateTone } from './words';

function row(forwarding: Partial<ForwardView> | null): EventRow {
  return {
    id: 1,
    connectionId: 3,
    eventId: 'evt_1',
    eventType: 'payout.paid',
    account: 'acct_1',
    created: 1_700_000_000,
    source: 'receiver',
    state: 'applied',
    outcome: 'Updated payouts',
    receivedAt: '2026-12-02T10:00:00Z',
    forwarding: forwarding && {
      id: 9,
      state: 'pending',
      partnerType: 'stripe.payout_paid',
      forwardId: 'fwd_evt_1',
      url: 'https://partner.example/hook',
      attempts: 0,
      nextAttemptAt: 1_700_000_060,
      lastAttemptAt: null,
      lastStatus: null,
      lastError: null,
      deliveredAt: null,
      deliveries: 0,
      history: [],
      ...forwarding,
    },
  };
}

describe('event words', () => {
  it('says where a forward stands', () => {
    expect(forwardWords(row(null))).toBe('Not forwarded');
    expect(forwardWords(row({}))).toBe('Queued');
    expect(forwardWords(row({ attempts: 1 }))).toBe('Retrying (1 attempt)');
    expect(forwardWords(row({ attempts: 4 }))).toBe('Retrying (4 attempts)');
    expect(forwardWords(row({ state: 'delivered', attempts: 2 }))).toBe('Delivered');
    expect(forwardWords(row({ state: 'failed', attempts: 12 }))).toBe('Failed');
  });

  it('colours outcomes by meaning', () => {
    expect(forwardTone(row(null))).toBe('neutral');
    expect(forwardTone(row({ state: 'delivered' }))).toBe('success');
    expect(forwardTone(row({ state: 'failed' }))).toBe('danger');
    expect(forwardTone(row({ attempts: 3 }))).toBe('warning');
    expect(stateTone('applied')).toBe('success');
    expect(stateTone('failed')).toBe('danger');
    expect(stateTone('pending')).toBe('warning');
    expect(stateTone('ignored')).toBe('neutral');
  });
});
