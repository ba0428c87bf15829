// A money list's toolbar filters (status, currency, amount range, dates) in the core's query
// language, for payments, transfers and payouts alike. Amounts are typed in major units and sent in
// minor units, which needs the currency's decimals: without a currency the range means nothing.

import type { FilterInput } from '../bindings';
import { minorUnitExponent } from '../format/money';

export interface MoneyFilters {
  status: string;
  /** Lower-case ISO code, or '' for any currency. */
  currency: string;
  /** Major units as typed ("12.50"); '' for no bound. */
  minAmount: string;
  maxAmount: string;
  /** `yyyy-mm-dd` from a date input; '' for no bound. */
  from: string;
  to: string;
}

export function noFilters(): MoneyFilters {
  return { status: '', currency: '', minAmount: '', maxAmount: '', from: '', to: '' };
}

/**
 * A typed amount in minor units of `currency`, exactly (no floating point): "12.5" USD → 1250,
 * "500" JPY → 500. Null when it is not a plain non-negative number with at most the currency's
 * decimals.
 */
export function toMinorUnits(typed: string, currency: string): number | null {
  const text = typed.trim().replace(/,/g, '');
  const exponent = minorUnitExponent(currency);
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return null;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return null;
  const minor = Number(whole + fraction.padEnd(exponent, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

/**
 * The midnight starting `yyyy-mm-dd` (+ days) as an ISO instant: local midnight, or UTC's for
 * days the core counts in UTC (payouts' arrival days); null when unreadable.
 */
function startOfDay(date: string, plusDays: number, utc: boolean): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays];
  const moment = utc ? new Date(Date.UTC(year, month, day)) : new Date(year, month, day);
  return Number.isNaN(moment.getTime()) ? null : moment.toISOString();
}

/** Which date the toolbar's range filters on. */
export interface DateRange {
  field: string;
  /** The days are UTC days (else the operator's local days). */
  utc: boolean;
}

/** Payments and transfers: when they were created, in local days. */
export const CREATED_DAYS: DateRange = { field: 'created', utc: false };

export interface BuiltFilters {
  filters: FilterInput[];
  /** Why a typed bound could not be used (shown next to the inputs), if one could not. */
  problem: string | null;
}

/** The filters of the toolbar, after the workspace's. */
export function buildFilters(workspaceId: number, chosen: MoneyFilters, days: DateRange = CREATED_DAYS): BuiltFilters {
  const filters: FilterInput[] = [{ field: 'workspaceId', op: 'eq', value: String(workspaceId) }];
  let problem: string | null = null;
  if (chosen.status) filters.push({ field: 'status', op: 'eq', value: chosen.status });
  if (chosen.currency) {
    filters.push({ field: 'currency', op: 'eq', value: chosen.currency });
    for (const [op, typed] of [['gte', chosen.minAmount], ['lte', chosen.maxAmount]] as const) {
      if (typed.trim() === '') continue;
      const minor = toMinorUnits(typed, chosen.currency);
      if (minor === null) {
        problem = `“${typed.trim()}” is not an amount in ${chosen.currency.toUpperCase()}.`;
        continue;
      }
      filters.push({ field: 'amount', op, value: String(minor) });
    }
  }
  const from = chosen.from ? startOfDay(chosen.from, 0, days.utc) : null;
  if (from) filters.push({ field: days.field, op: 'gte', value: from });
  const to = chosen.to ? startOfDay(chosen.to, 1, days.utc) : null;
  if (to) filters.push({ field: days.field, op: 'lt', value: to });
  return { filters, problem };
}

/** The currencies the filter offers (lower case, as Stripe sends them). */
export const FILTER_CURRENCIES: readonly string[] = ['usd', 'eur', 'gbp', 'cad', 'aud', 'chf', 'jpy', 'bhd'];
