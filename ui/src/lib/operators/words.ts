// Operators and roles in words. The permission names come from the core's enum; these are only
// their labels for the role matrix.

import type { Grant, Permission, Role } from '../bindings';

export const PERMISSION_WORDS: Record<Permission, string> = {
  viewWorkspace: 'See workspaces, connections and settings',
  manageWorkspaces: 'Manage workspaces and app settings',
  manageConnections: 'Manage Stripe connections',
  viewOnboarding: 'See onboarding',
  createOnboarding: 'Onboard merchants',
  editOnboarding: 'Work on onboarding entries',
  deleteOnboarding: 'Delete onboarding entries',
  viewMoney: 'See payments, transfers, payouts, balances',
  managePayments: 'Take and capture payments',
  refund: 'Refund payments',
  manageTransfers: 'Create and reverse transfers',
  managePayouts: 'Manage payouts and schedules',
  viewFees: 'See platform fees',
  manageFees: 'Change platform fees',
  viewDisputes: 'See disputes',
  respondToDisputes: 'Respond to disputes',
  resolveOperations: 'Retry or resolve pending operations',
  manageOperators: 'Manage operators and roles',
  viewAudit: 'See the audit log',
};

/** "Support · all workspaces", "Shop owner · Acme Marketplace (m1, m2)". */
export function grantWords(grant: Grant, roleLabel: (role: Role) => string, workspaceName: (id: number) => string): string {
  const where = grant.workspaceId === null ? 'all workspaces' : workspaceName(grant.workspaceId);
  const merchants = (grant.merchantIds ?? []).filter((m) => m.trim() !== '');
  return `${roleLabel(grant.role)} · ${where}${merchants.length ? ` (${merchants.join(', ')})` : ''}`;
}

/** "m1, m2 ,m3" → ["m1", "m2", "m3"]. */
export function merchantList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((m) => m.trim())
    .filter((m) => m !== '');
}
