// Creating the first workspace: the core makes it the active one, and the app status (the header)
// learns of it. Every answer comes from the real core (ui/src/test/fixtures/workspaces.json).
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { replay } from '../../test/replay';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import WorkspacesSection from './WorkspacesSection.svelte';

describe('Creating the first workspace', () => {
  it('makes the header show it as the active workspace without “Set active”', async () => {
    const { argsOf } = replay('workspaces/first');
    const app = new AppStatusStore();
    await app.refresh();
    expect(app.status?.activeWorkspace).toBeNull();
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
    expect(argsOf('set_active_workspace')).toHaveLength(0);
  });
});
