// The charts' data, axes and colours from a balance history shaped as the core answers it.
import { describe, expect, it } from 'vitest';
import type { BalanceHistory } from '../bindings';
import { balanceLine, currenciesOf, dayLabel, moneyTick, payoutBars, statusColour } from './series';
import type { ChartTheme } from './theme';

const HISTORY: BalanceHistory = {
  workspaceId: 1,
  accountId: 'acct_1',
  from: '2026-03-01',
  to: '2026-03-03',
  complete: true,
  balances: [
    {
      currency: 'jpy',
      points: [
        { date: '2026-03-01', balance: 0, change: 0 },
        { date: '2026-03-02', balance: 500, change: 500 },
        { date: '2026-03-03', balance: 500, change: 0 },
      ],
    },
    {
      currency: 'usd',
      points: [
        { date: '2026-03-01', balance: 10000, change: 10000 },
        { date: '2026-03-02', balance: 7000, change: -3000 },
        { date: '2026-03-03', balance: 7000, change: 0 },
      ],
    },
  ],
  payouts: [
    { date: '2026-03-02', currency: 'usd', status: 'paid', statusWords: 'Paid', amount: 2500, count: 1 },
    { date: '2026-03-02', currency: 'usd', status: 'failed', statusWords: 'Failed', amount: 500, count: 1 },
    { date: '2026-03-05', currency: 'usd', status: 'pending', statusWords: 'Pending', amount: 900, count: 2 },
  ],
};

const THEME: ChartTheme = {
  text: 't', muted: 'm', grid: 'g', accent: 'a', accentSoft: 's', surface: 'f',
  success: 'green', warning: 'amber', danger: 'red', info: 'blue', neutral: 'grey', font: 'sans',
};

describe('balance charts: data', () => {
  it('offers the busiest currency first', () => {
    expect(currenciesOf(HISTORY)).toEqual(['usd', 'jpy']);
  });

  it('draws one currency’s end-of-day balance with day labels', () => {
    const line = balanceLine(HISTORY, 'usd', 'en-US');
    expect(line.labels).toEqual(['Mar 1', 'Mar 2', 'Mar 3']);
    expect(line.values).toEqual([10000, 7000, 7000]);
    expect(line.changes).toEqual([10000, -3000, 0]);
    expect(balanceLine(HISTORY, 'eur').values).toEqual([]);
  });

  it('stacks payouts per day by status, up to the last arrival', () => {
    const bars = payoutBars(HISTORY, 'usd', 'en-US');
    expect(bars.dates).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
    expect(bars.stacks.map((s) => [s.label, s.amounts])).toEqual([
      ['Paid', [0, 2500, 0, 0, 0]],
      ['Failed', [0, 500, 0, 0, 0]],
      ['Pending', [0, 0, 0, 0, 900]],
    ]);
    expect(bars.stacks[2]?.counts).toEqual([0, 0, 0, 0, 2]);
    expect(payoutBars(HISTORY, 'jpy').stacks).toEqual([]);
  });

  it('labels the money axis per currency, zero-decimal aware, and never shows a fraction of a minor unit', () => {
    expect(moneyTick(250000, 'usd', 'en-US')).toBe('$2,500.00');
    expect(moneyTick(5000, 'jpy', 'en-US')).toBe('¥5,000');
    expect(moneyTick(5125, 'bhd', 'en-US')).toMatch(/^BHD\s5\.125$/);
    expect(moneyTick(0.5, 'usd', 'en-US')).toBe('');
    expect(dayLabel('2026-12-31', 'en-US')).toBe('Dec 31');
  });

  it('colours statuses as the badges do', () => {
    expect(['paid', 'in_transit', 'pending', 'failed', 'canceled'].map((s) => statusColour(s, THEME))).toEqual([
      'green', 'blue', 'amber', 'red', 'grey',
    ]);
  });
});
