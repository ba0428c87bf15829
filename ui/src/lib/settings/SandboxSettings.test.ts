// The sandbox card against IPC answers shaped as the Rust types in bindings.ts (no mock backend).
import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { AppStatus, SandboxAccount } from '../bindings';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import SandboxSettings from './SandboxSettings.svelte';

const STATUS: AppStatus = {
  activeWorkspace: null,
  activeConnection: null,
  mode: 'SANDBOX',
  sandbox: true,
  sandboxUrl: 'http://127.0.0.1:41234',
  sandboxError: null,
  vault: { state: 'unlocked', scheme: 'os-keyring' },
  operationRetentionDays: 90,
  webhookPort: 47821,
  webhookReceiver: 'http://127.0.0.1:47821',
  webhookReceiverError: null,
  dataDir: '/tmp/connectdesk',
  version: '0.1.0',
  permissions: ['manageWorkspaces', 'manageOperators', 'viewAudit'],
  operator: {
    id: 1,
    displayName: 'Admin',
    grants: [{ workspaceId: null, role: 'admin', merchantIds: [] }],
    hasPin: false,
    active: true,
    createdAt: '2025-06-02T09:15:00.000Z',
    updatedAt: '2025-06-02T09:15:00.000Z',
  },
};

const ACCOUNT: SandboxAccount = { accountId: 'acct_1SandboxPlatform0', country: 'US' };

describe('Settings: offline sandbox account', () => {
  it('shows the sandbox platform’s account id, copyable, and what to do with it', async () => {
    mockIPC((cmd) => {
      if (cmd === 'get_sandbox_account') return ACCOUNT;
      throw { code: 'internalError', message: `unexpected ${cmd}`, field: null, fieldErrors: [] };
    });
    render(SandboxSettings, {
      props: { status: STATUS },
      context: new Map<unknown, unknown>([
        [APP_STATUS_CONTEXT_KEY, new AppStatusStore()],
        [TOASTER_CONTEXT_KEY, new Toaster()],
      ]),
    });
    expect(await screen.findByTestId('settings-sandbox-account-id')).toHaveTextContent('acct_1SandboxPlatform0');
    expect(screen.getByRole('button', { name: 'Copy the sandbox account id' })).toBeInTheDocument();
    expect(screen.getByTestId('settings-sandbox')).toHaveTextContent('“Stripe account id” enter this id, or leave the field empty');
  });
});
