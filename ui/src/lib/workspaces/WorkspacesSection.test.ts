import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { asOperator, recordedStatus, supportStatus } from '../../test/operatorStatus';
import { PASS, replay, scenario, type Override, type ScenarioName } from '../../test/replay';
import type { AppStatus } from '../bindings';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import WorkspacesSection from './WorkspacesSection.svelte';

const SAMPLE_COUNT = 6;

/** The Admin with no workspace active, as the core answered (app.json). */
const ADMIN = () => recordedStatus('app/no-active');

/** The scenario's own first app status, else the Admin with none active. */
function initialStatus(name: ScenarioName): AppStatus {
  const first = scenario(name).states[0]?.find((e) => e.cmd === 'get_app_status');
  return first && 'ok' in first.response ? (first.response.ok as AppStatus) : ADMIN();
}

// Every answer comes from the real core (ui/src/test/fixtures/workspaces.json); the section starts
// from an app status the core answered, as in the window (the shell loads it first).
function setup(name: ScenarioName = 'workspaces/sample', override?: Override, status: AppStatus = initialStatus(name)) {
  const { calls } = replay(name, override);
  const invoked = { includes: (cmd: string) => calls.some((c) => c.cmd === cmd) };
  const listCalls = () => calls.filter((c) => c.cmd === 'list_workspaces').length;
  const app = new AppStatusStore();
  app.set(status);
  const toaster = new Toaster();
  const user = userEvent.setup();
  const context = new Map<unknown, unknown>([
    [APP_STATUS_CONTEXT_KEY, app],
    [TOASTER_CONTEXT_KEY, toaster],
  ]);
  render(WorkspacesSection, { context });
  return { app, toaster, user, invoked, listCalls };
}

const rows = () => screen.queryAllByTestId('workspace-row');
const rowNamed = (name: string) => rows().find((r) => within(r).queryByText(name, { exact: true }));

describe('Workspaces section', () => {
  it('lists workspaces sorted by name with the total', async () => {
    setup();
    await waitFor(() => expect(rows()).toHaveLength(SAMPLE_COUNT));
    expect(rows()[0]).toHaveTextContent('Acme Marketplace');
    expect(rows()[5]).toHaveTextContent('Umbrella Clinics');
    expect(screen.getByTestId('table-range')).toHaveTextContent('1–6 of 6');
    expect(screen.getByRole('columnheader', { name: /name/i })).toHaveAttribute('aria-sort', 'ascending');
  });

  it('shows the backend error for the name next to the field, not in a toast', async () => {
    const { user, toaster } = setup('workspaces/create');
    await waitFor(() => expect(rows()).toHaveLength(6));

    await user.click(screen.getByTestId('workspace-create'));
    const input = screen.getByTestId('workspace-name');
    expect(input).toHaveFocus();
    await user.type(input, 'acme marketplace');
    await user.click(screen.getByTestId('workspace-submit'));

    const error = await screen.findByTestId('workspace-name-error');
    expect(error).toHaveRole('alert');
    expect(error).toHaveTextContent('A workspace named “acme marketplace” already exists.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('A workspace named “acme marketplace” already exists.');
    expect(input).toHaveFocus();
    expect(toaster.items).toHaveLength(0);
    // The dialog stays open with what was typed.
    expect(input).toHaveValue('acme marketplace');

    // Typing again clears the error.
    await user.type(input, ' 2');
    expect(screen.queryByTestId('workspace-name-error')).not.toBeInTheDocument();
  });

  it('shows "required" from the backend for an empty name', async () => {
    const { user } = setup('workspaces/create');
    await user.click(screen.getByTestId('workspace-create'));
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('workspace-name-error')).toHaveTextContent('A workspace needs a name.');
  });

  it('sends errors without a field to a toast and keeps the form open', async () => {
    const { user, toaster } = setup('workspaces/sample', (cmd) => {
      if (cmd === 'create_workspace') {
        throw { code: 'storeCorrupt', message: 'The data store is damaged and cannot be read.', field: null };
      }
      return PASS;
    });
    await user.click(screen.getByTestId('workspace-create'));
    await user.type(screen.getByTestId('workspace-name'), 'Brand new');
    await user.click(screen.getByTestId('workspace-submit'));
    await waitFor(() => expect(toaster.items).toHaveLength(1));
    expect(toaster.items[0]).toMatchObject({ kind: 'error', message: 'The data store is damaged and cannot be read.' });
    expect(screen.queryByTestId('workspace-name-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('workspace-form')).toBeInTheDocument();
  });

  it('creates a workspace and lists it', async () => {
    const { user, toaster } = setup('workspaces/create');
    await waitFor(() => expect(rows()).toHaveLength(6));
    await user.click(screen.getByTestId('workspace-create'));
    await user.type(screen.getByTestId('workspace-name'), 'Zenith Payments{Enter}');
    await waitFor(() => expect(screen.queryByTestId('workspace-form')).not.toBeInTheDocument());
    await waitFor(() => expect(rowNamed('Zenith Payments')).toBeDefined());
    expect(screen.getByTestId('table-range')).toHaveTextContent('1–7 of 7');
    expect(toaster.items[0]).toMatchObject({ kind: 'success' });
  });

  it('renames a workspace, with the same error display', async () => {
    const { user } = setup('workspaces/rename');
    await waitFor(() => expect(rows()).toHaveLength(6));
    const row = rowNamed('Globex Tutors')!;
    await user.click(within(row).getByTestId('workspace-rename'));
    const input = screen.getByTestId('workspace-name');
    expect(input).toHaveValue('Globex Tutors');
    await user.clear(input);
    await user.type(input, 'Hooli Creators{Enter}');
    expect(await screen.findByTestId('workspace-name-error')).toHaveTextContent('already exists');
    await user.clear(input);
    await user.type(input, 'Globex Academy{Enter}');
    await waitFor(() => expect(rowNamed('Globex Academy')).toBeDefined());
  });

  it('asks before deleting; Escape cancels, confirming deletes', async () => {
    const { user } = setup('workspaces/delete');
    await waitFor(() => expect(rows()).toHaveLength(6));

    await user.click(within(rowNamed('Northwind Rentals')!).getByTestId('workspace-delete'));
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent('Northwind Rentals');
    expect(screen.getByTestId('confirm-cancel')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('confirm-dialog')).not.toBeInTheDocument();
    expect(rows()).toHaveLength(6);

    await user.click(within(rowNamed('Northwind Rentals')!).getByTestId('workspace-delete'));
    await user.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(rowNamed('Northwind Rentals')).toBeUndefined();
  });

  it('says what the delete takes with it, as counted by the core', async () => {
    const { user, invoked, app } = setup('workspaces/delete');
    await app.refresh();
    await waitFor(() => expect(rows()).toHaveLength(6));

    await user.click(within(rowNamed('Acme Marketplace')!).getByTestId('workspace-delete'));
    const summary = await screen.findByTestId('workspace-delete-summary');
    expect(invoked.includes('preview_workspace_delete')).toBe(true);
    expect(summary).toHaveTextContent(
      'Deletes the workspace “Acme Marketplace”, its 2 connections (their secrets are erased) and 3 onboarding entries. Stripe accounts are not affected. It is the active workspace.',
    );
    await user.keyboard('{Escape}');

    await user.click(within(rowNamed('Northwind Rentals')!).getByTestId('workspace-delete'));
    expect(await screen.findByTestId('workspace-delete-summary')).toHaveTextContent(
      'Deletes the workspace “Northwind Rentals”, its 1 connection (its secrets are erased) and 1 onboarding entry. Stripe accounts are not affected.',
    );
    await user.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(rows()).toHaveLength(5));

    await user.click(within(rowNamed('Globex Tutors')!).getByTestId('workspace-delete'));
    expect(await screen.findByTestId('workspace-delete-summary')).toHaveTextContent(
      'Deletes the workspace “Globex Tutors”, its 0 connections and 0 onboarding entries. Stripe accounts are not affected.',
    );
  });

  it('shows a failed delete preview as a toast and opens no dialog', async () => {
    const { user, toaster } = setup('workspaces/sample', (cmd) => {
      if (cmd === 'preview_workspace_delete') {
        throw { code: 'notFound', message: 'Workspace 2 was not found.', field: null, fieldErrors: [] };
      }
      return PASS;
    });
    await waitFor(() => expect(rows()).toHaveLength(6));
    await user.click(within(rowNamed('Northwind Rentals')!).getByTestId('workspace-delete'));
    await waitFor(() => expect(toaster.items.map((t) => t.message)).toContain('Workspace 2 was not found.'));
    expect(screen.queryByTestId('confirm-dialog')).not.toBeInTheDocument();
  });

  it('keeps Tab inside the confirm dialog', async () => {
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(6));
    await user.click(within(rows()[0]!).getByTestId('workspace-delete'));
    expect(await screen.findByTestId('confirm-cancel')).toHaveFocus();
    await user.tab();
    expect(screen.getByTestId('confirm-ok')).toHaveFocus();
    await user.tab();
    expect(screen.getByTestId('confirm-cancel')).toHaveFocus();
    await user.tab({ shift: true });
    expect(screen.getByTestId('confirm-ok')).toHaveFocus();
  });

  it('sets the active workspace and marks it', async () => {
    const { user, app } = setup('workspaces/activate');
    await waitFor(() => expect(rows()).toHaveLength(6));
    expect(screen.getAllByTestId('workspace-active')).toHaveLength(1);
    expect(within(rowNamed('Acme Marketplace')!).getByTestId('workspace-active')).toBeInTheDocument();

    const row = rowNamed('Initech Freelance')!;
    await user.click(within(row).getByTestId('workspace-activate'));
    await waitFor(() => expect(app.status?.activeWorkspace?.name).toBe('Initech Freelance'));
    expect(row).toHaveAttribute('data-active', 'true');
    expect(within(row).getByTestId('workspace-active')).toHaveTextContent('Active');
    expect(within(row).queryByTestId('workspace-activate')).not.toBeInTheDocument();
  });

  it('invites to create the first workspace when there is none', async () => {
    const { user } = setup('workspaces/empty');
    const empty = await screen.findByTestId('table-empty');
    expect(empty).toHaveTextContent('No workspaces yet');
    await user.click(within(empty).getByTestId('workspace-create-empty'));
    expect(screen.getByTestId('workspace-form')).toBeInTheDocument();
  });

  it('sorts by a header with click or Enter', async () => {
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(6));
    await user.click(screen.getByTestId('table-sort-name'));
    await waitFor(() => expect(rows()[0]).toHaveTextContent('Umbrella Clinics'));
    expect(screen.getByRole('columnheader', { name: /name/i })).toHaveAttribute('aria-sort', 'descending');

    screen.getByTestId('table-sort-id').focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('columnheader', { name: /^id/i })).toHaveAttribute('aria-sort', 'ascending'));
    expect(screen.getByRole('columnheader', { name: /name/i })).toHaveAttribute('aria-sort', 'none');
    await waitFor(() => expect(rows()[0]).toHaveTextContent('Acme Marketplace'));
  });

  it('filters by name (contains) after a pause', async () => {
    const { user } = setup();
    await waitFor(() => expect(rows()).toHaveLength(6));
    await user.type(screen.getByTestId('table-filter'), 'ni');
    await waitFor(() => expect(rows()).toHaveLength(2)); // Northwind, Umbrella Clinics
    expect(screen.getByTestId('table-range')).toHaveTextContent('1–2 of 2');
    await user.type(screen.getByTestId('table-filter'), 'zzz');
    expect(await screen.findByTestId('table-empty')).toHaveTextContent('No workspaces match this filter.');
  });

  it('pages with the next-page token and back', async () => {
    const { user, listCalls } = setup('workspaces/paging');
    await waitFor(() => expect(rows()).toHaveLength(25));
    expect(screen.getByTestId('table-range')).toHaveTextContent('1–25 of 30');
    expect(screen.getByTestId('table-prev')).toBeDisabled();

    await user.click(screen.getByTestId('table-next'));
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(screen.getByTestId('table-range')).toHaveTextContent('26–30 of 30');
    expect(screen.getByTestId('table-next')).toBeDisabled();

    await user.click(screen.getByTestId('table-prev'));
    await waitFor(() => expect(rows()).toHaveLength(25));
    expect(rows()[0]).toHaveTextContent('Workspace 01');

    await user.selectOptions(screen.getByTestId('table-page-size'), '50');
    await waitFor(() => expect(rows()).toHaveLength(30));
    expect(screen.getByTestId('table-range')).toHaveTextContent('1–30 of 30');
    expect(listCalls()).toBe(4);
  });

  it('shows the CoreError message when the list fails', async () => {
    setup('workspaces/sample', (cmd) => {
      if (cmd === 'list_workspaces') throw { code: 'storeTooNew', message: 'This data was written by a newer ConnectDesk.', field: null };
      return PASS;
    });
    const error = await screen.findByTestId('table-error');
    expect(error).toHaveRole('alert');
    expect(error).toHaveTextContent('This data was written by a newer ConnectDesk.');
  });

  it('as Support lists the workspaces and lets them choose the active one, with no create, rename or delete', async () => {
    setup('workspaces/sample', undefined, asOperator(ADMIN(), supportStatus()));
    await waitFor(() => expect(rows()).toHaveLength(SAMPLE_COUNT));
    expect(screen.getByTestId('workspaces-read-only')).toHaveTextContent('creating, renaming and deleting need the Admin role');
    expect(screen.queryByTestId('workspace-create')).not.toBeInTheDocument();
    expect(screen.queryAllByTestId('workspace-rename')).toHaveLength(0);
    expect(screen.queryAllByTestId('workspace-delete')).toHaveLength(0);
    expect(within(rowNamed('Acme Marketplace')!).getByTestId('workspace-activate')).toBeInTheDocument();
  });

  it('as Support an empty list offers no “New workspace”', async () => {
    setup('workspaces/empty', undefined, asOperator(ADMIN(), supportStatus()));
    await waitFor(() => expect(screen.getByText('No workspaces yet')).toBeInTheDocument());
    expect(screen.queryByTestId('workspace-create-empty')).not.toBeInTheDocument();
  });

  it('as Admin there is no read-only note', async () => {
    setup();
    await waitFor(() => expect(rows()).toHaveLength(SAMPLE_COUNT));
    expect(screen.queryByTestId('workspaces-read-only')).not.toBeInTheDocument();
    expect(screen.getAllByTestId('workspace-rename')).toHaveLength(SAMPLE_COUNT);
  });
});
