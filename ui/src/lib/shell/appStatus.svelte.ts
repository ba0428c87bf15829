// The app's status (active workspace and connection, mode, sandbox, vault, version, data directory) as loaded from the core.
// Created once by the shell and shared through context, so any section can read it and tell the
// shell when it changed (e.g. after "Set active").

import { getContext, setContext } from 'svelte';
import type { ActiveConnection, AppStatus, Permission, VaultState } from '../bindings';
import { backend, toUserError, type UserError } from '../backend/ipc';

export class AppStatusStore {
  status: AppStatus | null = $state(null);
  error: UserError | null = $state(null);
  loading = $state(false);

  readonly #fetchStatus: () => Promise<AppStatus>;

  constructor(fetchStatus: () => Promise<AppStatus> = backend.getAppStatus) {
    this.#fetchStatus = fetchStatus;
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      this.status = await this.#fetchStatus();
      this.error = null;
    } catch (e) {
      this.error = toUserError(e);
    } finally {
      this.loading = false;
    }
  }

  /** Takes a status the core just returned (e.g. from setActiveWorkspace). */
  set(status: AppStatus): void {
    this.status = status;
    this.error = null;
  }

  /** Takes the vault state the core just returned (from unlockSecrets). */
  setVault(vault: VaultState): void {
    if (this.status) this.status = { ...this.status, vault };
  }

  get activeWorkspaceId(): number | null {
    return this.status?.activeWorkspace?.id ?? null;
  }

  /** The active workspace's chosen connection. */
  get activeConnection(): ActiveConnection | null {
    return this.status?.activeConnection ?? null;
  }

  /**
   * Whether the operator may do `permission` in the active workspace, as the core's gate decided
   * (the core still refuses a forbidden command whatever the UI shows).
   */
  can(permission: Permission): boolean {
    return this.status?.permissions.includes(permission) ?? false;
  }

  /** True when secrets cannot be saved until the user chooses or enters a passphrase. */
  get vaultNeedsPassphrase(): boolean {
    const state = this.status?.vault.state;
    return state === 'noSecretStore' || state === 'needsPassphrase';
  }
}

const KEY = Symbol('app-status');

export function provideAppStatus(store: AppStatusStore): AppStatusStore {
  setContext(KEY, store);
  return store;
}

export function useAppStatus(): AppStatusStore {
  const store = getContext<AppStatusStore | undefined>(KEY);
  if (!store) throw new Error('useAppStatus() needs provideAppStatus() in a parent component');
  return store;
}

export const APP_STATUS_CONTEXT_KEY = KEY;
