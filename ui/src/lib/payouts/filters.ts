// The payouts list's filters in the core's query language. Amounts are typed in major units and
// sent in minor units (which needs the currency); dates are arrival days.

import type { FilterInput } from '../bindings';
import { toMinorUnits } from '../datatable/moneyFilters';

export interface PayoutFilters {
  status: string;
  /** Lower-case ISO code, or '' for any currency. */
  currency: string;
  minAmount: string;
  maxAmount: string;
  /** Arrival from / until, `yyyy-mm-dd`; '' for no bound. */
  from: string;
  to: string;
}

export function noFilters(): PayoutFilters {
  return { status: '', currency: '', minAmount: '', maxAmount: '', from: '', to: '' };
}

/** Midnight UTC of `yyyy-mm-dd` (+ days), as the core counts arrival days; null when unreadable. */
function utcDay(date: string, plusDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const moment = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays));
  return Number.isNaN(moment.getTime()) ? null : moment.toISOString();
}

export interface BuiltFilters {
  filters: FilterInput[];
  problem: string | null;
}

export function buildFilters(workspaceId: number, chosen: PayoutFilters): BuiltFilters {
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
  const from = chosen.from ? utcDay(chosen.from) : null;
  if (from) filters.push({ field: 'arrivalDate', op: 'gte', value: from });
  const to = chosen.to ? utcDay(chosen.to, 1) : null;
  if (to) filters.push({ field: 'arrivalDate', op: 'lt', value: to });
  return { filters, problem };
}
