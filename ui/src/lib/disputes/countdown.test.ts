import { describe, expect, it } from 'vitest';
import type { Urgency } from '../bindings';
import { countdownTone, deadlineLocal, deadlineUtc } from './countdown';

describe('dispute deadlines', () => {
  // Stripe's deadlines are the last second of a UTC day; the local day can be another one.
  it.each([
    ['2026-12-09T23:59:59.000Z', 'UTC', 'Wed, Dec 9, 2026, 11:59 PM'],
    ['2026-12-09T23:59:59.000Z', 'Europe/Berlin', 'Thu, Dec 10, 2026, 12:59 AM'],
    ['2026-12-09T23:59:59.000Z', 'America/Los_Angeles', 'Wed, Dec 9, 2026, 3:59 PM'],
    ['2026-12-09T23:59:59.000Z', 'Asia/Kolkata', 'Thu, Dec 10, 2026, 5:29 AM'],
    ['2026-12-09T23:59:59.000Z', 'Pacific/Kiritimati', 'Thu, Dec 10, 2026, 1:59 PM'],
    ['2026-03-29T00:59:59.000Z', 'Europe/London', 'Sun, Mar 29, 2026, 12:59 AM'],
    ['2026-03-29T01:00:00.000Z', 'Europe/London', 'Sun, Mar 29, 2026, 2:00 AM'],
  ])('%s in %s is %s', (iso, zone, shown) => {
    expect(deadlineLocal(iso, zone).replace(/\u202f/g, ' ')).toBe(shown);
    expect(deadlineUtc(iso)).toMatch(/^\d{2}:\d{2} UTC, [A-Z][a-z]{2} \d{1,2}$/);
  });

  it('keeps the UTC time beside the local one', () => {
    expect(deadlineUtc('2026-12-09T23:59:59.000Z')).toBe('23:59 UTC, Dec 9');
    expect(deadlineLocal('not a date')).toBe('not a date');
  });

  it.each<[Urgency, string]>([
    ['calm', 'calm'],
    ['soon', 'amber'],
    ['urgent', 'red'],
    ['overdue', 'overdue'],
  ])('the core’s urgency %s is painted %s', (urgency, tone) => {
    expect(countdownTone({ urgency })).toBe(tone);
  });
});
