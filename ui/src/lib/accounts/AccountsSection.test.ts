import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import { describe, expect, it } from 'vitest';
import { asSupport } from '../../test/operatorStatus';
import { later, PASS, recordedAnswer, replay, type Override, type ScenarioName } from '../../test/replay';
import type { ProgressUpdate } from '../bindings';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import AccountsSection from './AccountsSection.svelte';
import { buildFilters, noFilters } from './filters';

// Every answer comes from the real core (ui/src/test/fixtures/accounts.json): Acme's platform has
// Kiosk Berlin GmbH (made outside ConnectDesk, restricted), m_cafe's Express account (pending)
// and m_grill's Custom account (active), newest first.
async function setup(name: ScenarioName = 'accounts/sample', override?: Override, rows = 3) {
  const { argsOf } = replay(name, override);
  const app = new AppStatusStore();
  await app.refresh();
  const toaster = new Toaster();
  const context = new Map<unknown, unknown>([
    [APP_STATUS_CONTEXT_KEY, app],
    [TOASTER_CONTEXT_KEY, toaster],
  ]);
  render(AccountsSection, { context });
  if (rows > 0) await waitFor(() => expect(screen.getAllByTestId('account-row')).toHaveLength(rows));
  else expect(await screen.findByTestId('accounts-empty')).toHaveTextContent('No accounts yet');
  return { user: userEvent.setup(), argsOf, toaster };
}

type Query = { sort: string | null; filters: { field: string; op: string; value: string }[] };
const texts = (id: string) => screen.getAllByTestId(id).map((e) => e.textContent?.trim());
const rowOf = (name: string) => screen.getAllByTestId('account-row').find((r) => r.textContent?.includes(name))!;

describe('account filters', () => {
  it('become the core’s query language after the workspace', () => {
    const filters = buildFilters(1, { ...noFilters(), status: 'restricted', kind: 'express', country: ' de ', charges: 'no' });
    expect(filters).toEqual([
      { field: 'workspaceId', op: 'eq', value: '1' },
      { field: 'status', op: 'eq', value: 'restricted' },
      { field: 'accountType', op: 'eq', value: 'express' },
      { field: 'country', op: 'eq', value: 'de' },
      { field: 'chargesEnabled', op: 'eq', value: 'false' },
    ]);
  });
});

describe('AccountsSection', () => {
  it('lists the platform’s accounts with their status in words, type, country and what is enabled', async () => {
    const { user, argsOf } = await setup();
    expect((argsOf('list_accounts')[0]!.query as Query).filters).toEqual([{ field: 'workspaceId', op: 'eq', value: '1' }]);
    expect(texts('account-row-name')).toEqual(['Kiosk Berlin GmbH', 'owner@cafe.example', 'Downtown Grill']);
    expect(texts('account-row-status')).toEqual(['Restricted', 'Pending', 'Active']);
    expect(rowOf('Kiosk')).toHaveTextContent('Custom');
    expect(rowOf('Kiosk')).toHaveTextContent('DE');
    expect(rowOf('cafe')).toHaveTextContent('Express');
    expect(texts('account-row-charges')).toEqual(['No', 'No', 'Yes']);
    expect(texts('account-row-payouts')).toEqual(['No', 'No', 'Yes']);

    await user.click(screen.getByTestId('table-sort-businessName'));
    await waitFor(() => expect(texts('account-row-name')[0]).toBe('Downtown Grill'));
    expect((argsOf('list_accounts').at(-1)!.query as Query).sort).toBe('businessName:asc');
  });

  it('filters by status, type and charges in the core', async () => {
    const { user, argsOf } = await setup();
    await user.selectOptions(screen.getByTestId('accounts-filter-status'), 'pending');
    await waitFor(() => expect(texts('account-row-status')).toEqual(['Pending']));
    await user.selectOptions(screen.getByTestId('accounts-filter-status'), '');
    await user.selectOptions(screen.getByTestId('accounts-filter-type'), 'custom');
    await waitFor(() => expect(texts('account-row-name')).toEqual(['Kiosk Berlin GmbH', 'Downtown Grill']));
    await user.selectOptions(screen.getByTestId('accounts-filter-type'), '');
    await user.selectOptions(screen.getByTestId('accounts-filter-charges'), 'yes');
    await waitFor(() => expect(texts('account-row-name')).toEqual(['Downtown Grill']));
    expect((argsOf('list_accounts').at(-1)!.query as Query).filters).toContainEqual({ field: 'chargesEnabled', op: 'eq', value: 'true' });
  });

  it('shows an account’s to-do list, capabilities and profile, and sends its onboarding link', async () => {
    const { user, argsOf } = await setup();
    await user.click(within(rowOf('cafe')).getByTestId('account-open'));
    const dialog = await screen.findByTestId('account-detail');
    expect(within(dialog).getByTestId('account-detail-status')).toHaveTextContent('Pending');
    expect(within(dialog).getByTestId('account-detail-status-detail')).toHaveTextContent('Onboarding is not complete');
    const todo = within(dialog).getAllByTestId('account-to-do-item').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(todo).toContain('Overdue Bank account for payouts');
    expect(todo).toContain('Overdue Accept Stripe’s terms of service');
    expect(within(dialog).getAllByTestId('account-capability').map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Card payments inactive',
      'Transfers inactive',
    ]);
    expect(within(dialog).getByTestId('account-no-dashboard')).toBeInTheDocument();

    // The panels other features bring, each reading through its own command.
    const balance = within(await within(dialog).findByTestId('account-panel-balance'));
    await waitFor(() => expect(balance.queryByText('Reading the balance from Stripe…')).toBeNull());
    expect(balance.queryByTestId('balance-error')).toBeNull();
    await within(dialog).findByTestId('payout-schedule-summary');
    await within(dialog).findByTestId('account-payouts-empty');
    await within(dialog).findByTestId('account-transfers-empty');
    expect(argsOf('list_transfers')[0]!.query).toMatchObject({
      size: '5',
      sort: 'created:desc',
      filters: [
        { field: 'workspaceId', op: 'eq', value: '1' },
        { field: 'accountId', op: 'eq', value: expect.stringMatching(/^acct_/) },
      ],
    });

    await user.click(within(dialog).getByTestId('account-onboarding-link'));
    const link = recordedAnswer('accounts/sample', 'act_on_onboarding') as { result: { url: string } };
    await waitFor(() => expect(argsOf('open_external_link')).toEqual([{ url: link.result.url }]));
    expect(argsOf('act_on_onboarding')).toEqual([{ action: 'refresh', id: '2' }]);
    expect(within(dialog).getByTestId('account-onboarding-url')).toHaveTextContent(link.result.url);
  });

  it('says why the Express dashboard does not open yet', async () => {
    const { user, toaster } = await setup();
    await user.click(within(rowOf('cafe')).getByTestId('account-open'));
    const dialog = await screen.findByTestId('account-detail');
    await user.click(within(dialog).getByTestId('account-express-dashboard'));
    const refusal = recordedAnswer('accounts/sample', 'account_login_link') as { message: string };
    await waitFor(() => expect(toaster.items.map((t) => t.message)).toContain(refusal.message));
  });

  it('has no onboarding link for an account made outside ConnectDesk', async () => {
    const { user } = await setup();
    await user.click(within(rowOf('Kiosk')).getByTestId('account-open'));
    const dialog = await screen.findByTestId('account-detail');
    expect(within(dialog).queryByTestId('account-onboarding-link')).toBeNull();
    expect(within(dialog).queryByTestId('account-express-dashboard')).toBeNull();
    expect(within(dialog).getByTestId('account-no-entry')).toBeInTheDocument();
    expect(within(dialog).getByTestId('account-detail-status')).toHaveTextContent('Restricted');
  });

  it('exports the current filter as CSV', async () => {
    const { user, argsOf, toaster } = await setup();
    await user.click(screen.getByTestId('accounts-export'));
    const file = recordedAnswer('accounts/sample', 'export_accounts') as { path: string; count: number };
    await waitFor(() => expect(toaster.items.map((t) => t.message)).toContain(`3 accounts saved to ${file.path}.`));
    expect((argsOf('export_accounts')[0]!.query as Query).filters).toEqual([{ field: 'workspaceId', op: 'eq', value: '1' }]);
  });

  it('shows Support the accounts without the links that need onboarding rights', async () => {
    const { user } = await setup('accounts/sample', asSupport('accounts/sample'));
    await user.click(within(rowOf('cafe')).getByTestId('account-open'));
    const dialog = await screen.findByTestId('account-detail');
    expect(within(dialog).queryByTestId('account-onboarding-link')).toBeNull();
    expect(within(dialog).queryByTestId('account-express-dashboard')).toBeNull();
    expect(within(dialog).getAllByTestId('account-to-do-item').length).toBeGreaterThan(0);
  });

  it('syncs from Stripe with a progress bar and Cancel', async () => {
    let release: (value?: unknown) => void = () => {};
    const gate = new Promise((resolve) => (release = resolve));
    const { user, argsOf, toaster } = await setup(
      'accounts/sync',
      (cmd) => (cmd === 'sync_accounts' ? later(gate) : PASS),
      0,
    );
    await user.click(screen.getByTestId('accounts-sync'));
    await waitFor(() => expect(argsOf('sync_accounts')).toEqual([{ workspaceId: 1, task: 'sync:accounts:1' }]));
    const update = (done: number, more: Partial<ProgressUpdate> = {}): ProgressUpdate => ({
      task: 'sync:accounts:1', noun: 'accounts', done, total: null, finished: false, cancelled: false, ...more,
    });
    await emit('progress', update(0));
    await emit('progress', update(3));
    const progress = await screen.findByTestId('accounts-sync-progress');
    await waitFor(() => expect(within(progress).getByTestId('accounts-sync-progress-words')).toHaveTextContent('3 accounts so far'));
    expect(screen.getByTestId('accounts-sync')).toBeDisabled();

    await user.click(within(progress).getByTestId('accounts-sync-progress-cancel'));
    await waitFor(() => expect(argsOf('cancel_task')).toEqual([{ task: 'sync:accounts:1' }]));
    release();
    await waitFor(() => expect(screen.getAllByTestId('account-row')).toHaveLength(3));
    expect(screen.queryByTestId('accounts-sync-progress')).toBeNull();
    expect(toaster.items.map((t) => t.message)).toContain('3 accounts synced from Stripe (3 new).');
  });
});
