// Operators and roles in words.

import type { Grant, Role } from '../bindings';


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
