// Creating the first workspace, against IPC answers shaped as the Rust types (no mock backend):
// the core makes it the active one, and the app status (the header) learns of it.
import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AppStatus, Page, Workspace } from '../bindings';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import WorkspacesSection from './WorkspacesSection.svelte';

const BASE_STATUS: AppStatus = {
  activeWorkspace: null,
  activeConnection: null,
  mode: 'SANDBOX',
  sandbox: true,
  sandboxUrl: 'http://127.0.0.1:41234',
  sandboxError: null,
  vault: { state: 'unlocked', scheme: 'os-keyring' },
  operationRetentionDays: 90,
  dataDir: '/tmp/connectdesk',
  version: '0.1.0',
};

describe('Creating the first workspace', () => {
  it('makes the header show it as the active workspace without “Set active”', async () => {
    const workspaces: Workspace[] = [];
    let active: Workspace | null = null;
    mockIPC((cmd, args) => {
      const a = (args ?? {}) as { input?: { name: string } };
      switch (cmd) {
        case 'get_app_status':
          return { ...BASE_STATUS, activeWorkspace: active } satisfies AppStatus;
        case 'list_workspaces':
          return { items: workspaces, endReached: true, nextPageToken: null, totalCount: workspaces.length } satisfies Page<Workspace>;
        case 'create_workspace': {
          const at = '2031-01-01T00:00:00.000Z';
          const created: Workspace = { id: 1, name: a.input!.name, createdAt: at, updatedAt: at, deletedAt: '1970-01-01T00:00:00.000Z' };
          workspaces.push(created);
          active ??= created; // the core's rule
          return created;
        }
        default:
          throw { code: 'internalError', message: `unexpected ${cmd}`, field: null, fieldErrors: [] };
      }
    });
    const app = new AppStatusStore();
    await app.refresh();
    render(WorkspacesSection, {
      context: new Map<unknown, unknown>([
        [APP_STATUS_CONTEXT_KEY, app],
        [TOASTER_CONTEXT_KEY, new Toaster()],
      ]),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId('workspace-create'));
    await user.type(screen.getByTestId('workspace-name'), 'Acme Marketplace');
    await user.click(screen.getByTestId('workspace-submit'));
    await waitFor(() => expect(app.status?.activeWorkspace?.name).toBe('Acme Marketplace'));
  });
});
