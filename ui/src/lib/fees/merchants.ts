// The merchants a fee override or a preview can name: the active workspace's onboarding entries,
// one choice per merchant id.

import type { OnboardingEntry } from '../bindings';
import type { OnboardingListQuery } from '../backend/ipc';

export interface Merchant {
  merchantId: string;
  /** "merchant_123 · owner@shop.example" */
  label: string;
}

/** The query for the workspace's onboarding entries (300 is the most one page holds). */
export function merchantQuery(workspaceId: number): OnboardingListQuery {
  return {
    size: '300',
    pageToken: null,
    sort: 'createdAt:asc',
    filters: [{ field: 'workspaceId', op: 'eq', value: String(workspaceId) }],
  };
}

export function merchantsOf(entries: readonly OnboardingEntry[]): Merchant[] {
  const seen = new Map<string, Merchant>();
  for (const entry of entries) {
    if (seen.has(entry.merchantId)) continue;
    const label = entry.email ? `${entry.merchantId} · ${entry.email}` : entry.merchantId;
    seen.set(entry.merchantId, { merchantId: entry.merchantId, label });
  }
  return [...seen.values()].sort((a, b) => a.merchantId.localeCompare(b.merchantId));
}
