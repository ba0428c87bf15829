// The toolbar's filters in the core's query language.

import type { AccountKind, AccountStatus, FilterInput } from '../bindings';

export interface AccountFilters {
  status: AccountStatus | '';
  kind: AccountKind | '';
  /** ISO 3166 code as typed ("us" works: text compares ignoring case); '' for any. */
  country: string;
  /** '' any, 'yes' or 'no'. */
  charges: '' | 'yes' | 'no';
  payouts: '' | 'yes' | 'no';
}

export function noFilters(): AccountFilters {
  return { status: '', kind: '', country: '', charges: '', payouts: '' };
}

export function anyFilter(chosen: AccountFilters): boolean {
  return Object.values(chosen).some((value) => value !== '');
}

/** The filters of the toolbar, after the workspace's. */
export function buildFilters(workspaceId: number, chosen: AccountFilters): FilterInput[] {
  const filters: FilterInput[] = [{ field: 'workspaceId', op: 'eq', value: String(workspaceId) }];
  if (chosen.status) filters.push({ field: 'status', op: 'eq', value: chosen.status });
  if (chosen.kind) filters.push({ field: 'accountType', op: 'eq', value: chosen.kind });
  const country = chosen.country.trim();
  if (country) filters.push({ field: 'country', op: 'eq', value: country });
  if (chosen.charges) filters.push({ field: 'chargesEnabled', op: 'eq', value: String(chosen.charges === 'yes') });
  if (chosen.payouts) filters.push({ field: 'payoutsEnabled', op: 'eq', value: String(chosen.payouts === 'yes') });
  return filters;
}
