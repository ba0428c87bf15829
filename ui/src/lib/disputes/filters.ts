// The disputes list's filters in the core's query language. "Due within N days" is sent as
// `dueWithinDays`; the core turns it into deadline bounds from its own clock (the sandbox's).

import type { FilterInput } from '../bindings';

export interface DisputeFilters {
  status: string;
  reason: string;
  /** `acct_…` or ''. */
  account: string;
  /** Whole days as typed, or ''. */
  dueWithin: string;
}

export function noFilters(): DisputeFilters {
  return { status: '', reason: '', account: '', dueWithin: '' };
}

export function buildFilters(workspaceId: number, chosen: DisputeFilters): FilterInput[] {
  const filters: FilterInput[] = [{ field: 'workspaceId', op: 'eq', value: String(workspaceId) }];
  if (chosen.status) filters.push({ field: 'status', op: 'eq', value: chosen.status });
  if (chosen.reason) filters.push({ field: 'reason', op: 'eq', value: chosen.reason });
  if (chosen.account.trim()) filters.push({ field: 'accountId', op: 'eq', value: chosen.account.trim() });
  if (chosen.dueWithin.trim()) filters.push({ field: 'dueWithinDays', op: 'eq', value: chosen.dueWithin.trim() });
  return filters;
}
