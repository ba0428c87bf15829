// What the current operator may do, for hiding what they cannot (the core is still the gate: it
// refuses a forbidden command whatever the UI shows). Reads the core's role table once.

import { getContext, setContext } from 'svelte';
import type { Grant, Operator, Permission, Role, RoleInfo } from '../bindings';
import { backend } from '../backend/ipc';

/**
 * True when one of the operator's grants covers `workspaceId` (`null`: the whole installation,
 * which only a grant for every workspace covers) with a role that lists `permission`.
 */
export function allows(
  roles: readonly RoleInfo[],
  operator: Pick<Operator, 'active' | 'grants'> | null | undefined,
  permission: Permission,
  workspaceId: number | null = null,
): boolean {
  if (!operator?.active) return false;
  return operator.grants.some(
    (grant: Grant) =>
      (grant.workspaceId === null || (workspaceId !== null && grant.workspaceId === workspaceId)) &&
      (roles.find((r) => r.role === grant.role)?.permissions.includes(permission) ?? false),
  );
}

export class RolesStore {
  roles: RoleInfo[] = $state([]);
  loaded = $state(false);

  async load(): Promise<void> {
    try {
      this.roles = await backend.listRoles();
      this.loaded = true;
    } catch {
      // Without the table nothing extra is shown; the core still decides every command.
      this.loaded = false;
    }
  }

  label(role: Role): string {
    return this.roles.find((r) => r.role === role)?.label ?? role;
  }
}

const KEY = Symbol('roles');

export function provideRoles(store: RolesStore): RolesStore {
  setContext(KEY, store);
  return store;
}

/** The shared table, or null where no parent provides one (a section's own test). */
export function useRoles(): RolesStore | null {
  return getContext<RolesStore | undefined>(KEY) ?? null;
}

export const ROLES_CONTEXT_KEY = KEY;
