// What the Balances charts draw, from the core's balance history: pure functions, so the shapes,
// labels and money on the axes are tested without a canvas. Money stays in integer minor units;
// the axis and tooltips format it per currency (zero-decimal aware) through format/money.ts.

import type { BalanceHistory, PayoutDay } from '../bindings';
import { formatDay } from '../format/datetime';
import { formatMoney } from '../format/money';
import type { ChartTheme } from './theme';

/** "2026-03-02" → "Mar 2" (UTC, as the core counts days), in the given locale. */
export function dayLabel(date: string, locale?: string): string {
  const [year, month, day] = date.split('-').map(Number);
  if (!year || !month || !day) return date;
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
}

/** "2026-03-02" → "Monday, March 2, 2026", for tooltips and the data table. */
export function longDayLabel(date: string, locale?: string): string {
  return formatDay(date, true, locale);
}

/**
 * An axis tick: minor units as money of `currency`. Ticks fall on fractions of a minor unit only
 * when the range is tiny; those are left out rather than shown as a cent that does not exist.
 */
export function moneyTick(value: number, currency: string, locale?: string): string {
  if (!Number.isInteger(value)) return '';
  return formatMoney(value, currency, locale);
}

/** The currencies of a history, the busiest first (most movement), then by code. */
export function currenciesOf(history: BalanceHistory): string[] {
  const weight = new Map<string, number>();
  for (const series of history.balances) {
    weight.set(series.currency, series.points.reduce((sum, p) => sum + Math.abs(p.change), 0));
  }
  for (const day of history.payouts) {
    weight.set(day.currency, (weight.get(day.currency) ?? 0) + day.amount);
  }
  return [...weight.keys()].sort((a, b) => (weight.get(b) ?? 0) - (weight.get(a) ?? 0) || a.localeCompare(b));
}

export interface BalanceLine {
  labels: string[];
  dates: string[];
  /** End-of-day balances, minor units. */
  values: number[];
  changes: number[];
}

/** One currency's balance per day. */
export function balanceLine(history: BalanceHistory, currency: string, locale?: string): BalanceLine {
  const series = history.balances.find((s) => s.currency === currency);
  const points = series?.points ?? [];
  return {
    labels: points.map((p) => dayLabel(p.date, locale)),
    dates: points.map((p) => p.date),
    values: points.map((p) => p.balance),
    changes: points.map((p) => p.change),
  };
}

export interface PayoutStack {
  status: string;
  label: string;
  /** Per day of `dates`: the amount (minor units) of payouts in this status. */
  amounts: number[];
  counts: number[];
}

export interface PayoutBars {
  dates: string[];
  labels: string[];
  stacks: PayoutStack[];
}

/** The days from the history's first day to its last or the last payout's arrival, whichever is later. */
function dayRange(from: string, to: string): string[] {
  const days: string[] = [];
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end)) return days;
  for (let t = start; t <= end && days.length < 800; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** One currency's payouts per day, one stack per status in the order the core sorted them. */
export function payoutBars(history: BalanceHistory, currency: string, locale?: string): PayoutBars {
  const days: PayoutDay[] = history.payouts.filter((d) => d.currency === currency);
  const last = days.reduce((latest, d) => (d.date > latest ? d.date : latest), history.to);
  const dates = dayRange(history.from, last);
  const stacks: PayoutStack[] = [];
  for (const day of days) {
    let stack = stacks.find((s) => s.status === day.status);
    if (!stack) {
      stack = { status: day.status, label: day.statusWords, amounts: dates.map(() => 0), counts: dates.map(() => 0) };
      stacks.push(stack);
    }
    const index = dates.indexOf(day.date);
    if (index >= 0) {
      stack.amounts[index] = (stack.amounts[index] ?? 0) + day.amount;
      stack.counts[index] = (stack.counts[index] ?? 0) + day.count;
    }
  }
  return { dates, labels: dates.map((d) => dayLabel(d, locale)), stacks };
}

/** A status's colour: the badge colours (paid green, pending and in transit amber/blue, failed red). */
export function statusColour(status: string, theme: ChartTheme): string {
  switch (status) {
    case 'paid':
      return theme.success;
    case 'in_transit':
      return theme.info;
    case 'pending':
      return theme.warning;
    case 'failed':
      return theme.danger;
    default:
      return theme.neutral;
  }
}
