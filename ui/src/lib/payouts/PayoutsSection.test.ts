import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordedAnswer, replay, type ScenarioName } from '../../test/replay';
import type { Payout } from '../bindings';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import { buildFilters, noFilters } from '../datatable/moneyFilters';
import { ARRIVAL_DAYS } from './filters';
import PayoutsSection from './PayoutsSection.svelte';

// Every answer comes from the real core (ui/src/test/fixtures/payouts.json), on a Monday in the
// sandbox. "flow": m_grill (bank …6789) was paid $25.00, m_closed (Stripe's failing test number
// …1116) had a $39.00 payout fail with no_account; both accounts are on a manual schedule.
async function setup(name: ScenarioName, rows: number) {
  const { argsOf, step } = replay(name);
  const app = new AppStatusStore();
  await app.refresh();
  const toaster = new Toaster();
  render(PayoutsSection, {
    context: new Map<unknown, unknown>([
      [APP_STATUS_CONTEXT_KEY, app],
      [TOASTER_CONTEXT_KEY, toaster],
    ]),
  });
  if (rows > 0) await waitFor(() => expect(screen.getAllByTestId('payout-row')).toHaveLength(rows));
  else expect(await screen.findByTestId('payouts-empty')).toHaveTextContent('No payouts yet');
  return { user: userEvent.setup(), argsOf, step, toaster };
}

const texts = (id: string) => screen.getAllByTestId(id).map((e) => e.textContent?.trim());

// jsdom has no canvas: the charts' numbers are checked in their hidden tables.
beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

describe('payout filters', () => {
  it('sends amounts in minor units and arrival days as UTC days', () => {
    const built = buildFilters(1, { ...noFilters(), status: 'paid', currency: 'jpy', minAmount: '500', from: '2025-06-02', to: '2025-06-03' }, ARRIVAL_DAYS);
    expect(built.filters).toEqual([
      { field: 'workspaceId', op: 'eq', value: '1' },
      { field: 'status', op: 'eq', value: 'paid' },
      { field: 'currency', op: 'eq', value: 'jpy' },
      { field: 'amount', op: 'gte', value: '500' },
      { field: 'arrivalDate', op: 'gte', value: '2025-06-02T00:00:00.000Z' },
      { field: 'arrivalDate', op: 'lt', value: '2025-06-04T00:00:00.000Z' },
    ]);
    expect(buildFilters(1, { ...noFilters(), currency: 'usd', maxAmount: 'lots' }, ARRIVAL_DAYS).problem).toBe('“lots” is not an amount in USD.');
  });
});

describe('PayoutsSection', () => {
  it('lists payouts with the core’s status words, the bank and a failed one’s reason', async () => {
    const { user } = await setup('payouts/flow', 2);
    expect(texts('payout-row-status')).toEqual(['Failed', 'Paid']);
    expect(texts('payout-row-amount')).toEqual(['$39.00', '$25.00']);
    expect(texts('payout-row-bank')).toEqual(['STRIPE TEST BANK ••••1116', 'STRIPE TEST BANK ••••6789']);
    // The filter offers the seed's statuses, in the core's words.
    const status = screen.getByTestId('payouts-filter-status');
    await waitFor(() => expect(within(status).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Any status', 'Pending', 'In transit', 'Paid', 'Failed', 'Canceled',
    ]));

    await user.click(screen.getAllByTestId('payout-open')[0]!);
    const detail = await screen.findByTestId('payout-detail');
    expect(within(detail).getByTestId('payout-detail-status')).toHaveTextContent('Failed');
    expect(within(detail).getByTestId('payout-detail-failure-reason')).toHaveTextContent(
      'No bank account exists with these details. Check the account and routing numbers.',
    );
    expect(within(detail).getByTestId('payout-detail-failure')).toHaveTextContent('(no_account)');
    expect(within(detail).queryByTestId('payout-cancel')).not.toBeInTheDocument();
  });

  it('creates a manual payout, refuses a second while it is pending, cancels it, and names a too large amount', async () => {
    const { user, argsOf, step } = await setup('payouts/flow', 2);
    const created = recordedAnswer('payouts/flow', 'create_payout') as Payout;

    await user.click(screen.getByTestId('payouts-create'));
    await screen.findByTestId('payout-form');
    await user.selectOptions(screen.getByTestId('payout-form-account'), created.accountId);
    await user.type(screen.getByTestId('payout-form-amount'), '30.00');
    await user.type(screen.getByTestId('payout-form-description'), 'Weekly tip payout');
    await user.click(screen.getByTestId('payout-form-submit'));
    await waitFor(() => expect(screen.queryByTestId('payout-form')).not.toBeInTheDocument());
    expect(argsOf('create_payout')[0]).toEqual({
      input: { workspaceId: 1, accountId: created.accountId, currency: 'usd', amount: '30.00', description: 'Weekly tip payout' },
    });

    // While it is pending another one waits: the core's payoutInProgress, said in the form.
    await user.click(screen.getByTestId('payouts-create'));
    await screen.findByTestId('payout-form');
    await user.selectOptions(screen.getByTestId('payout-form-account'), created.accountId);
    await user.type(screen.getByTestId('payout-form-amount'), '5.00');
    await user.type(screen.getByTestId('payout-form-description'), 'Weekly tip payout');
    await user.click(screen.getByTestId('payout-form-submit'));
    const refused = await screen.findByTestId('payout-form-error');
    expect(refused).toHaveAttribute('data-code', 'payoutInProgress');
    expect(refused).toHaveTextContent(`still pending (${created.payoutId})`);
    await user.click(screen.getByTestId('payout-form-cancel'));

    // The pending payout, opened and canceled.
    await waitFor(() => expect(screen.getAllByTestId('payout-row')).toHaveLength(3));
    const row = screen.getAllByTestId('payout-row').find((r) => r.textContent?.includes(created.payoutId))!;
    await user.click(within(row).getByTestId('payout-open'));
    const detail = await screen.findByTestId('payout-detail');
    await waitFor(() => expect(within(detail).getByTestId('payout-detail-status')).toHaveTextContent('Pending'));
    expect(within(detail).getByTestId('payout-detail-bank')).toHaveTextContent('STRIPE TEST BANK ••••6789');
    await user.click(within(detail).getByTestId('payout-cancel'));
    await user.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(within(detail).getByTestId('payout-detail-status')).toHaveTextContent('Canceled'));
    expect(within(detail).queryByTestId('payout-cancel')).not.toBeInTheDocument();
    await user.click(within(detail).getByTestId('payout-detail-close'));

    // More than is available: the core's message next to the amount.
    await user.click(screen.getByTestId('payouts-create'));
    await screen.findByTestId('payout-form');
    await user.selectOptions(screen.getByTestId('payout-form-account'), created.accountId);
    await user.type(screen.getByTestId('payout-form-amount'), '5000.00');
    await user.type(screen.getByTestId('payout-form-description'), 'Weekly tip payout');
    await user.click(screen.getByTestId('payout-form-submit'));
    expect(await screen.findByTestId('payout-form-amount-error')).toHaveTextContent('has $94.50 available in USD');
    await user.click(screen.getByTestId('payout-form-cancel'));

    await user.click(screen.getByTestId('payouts-sync'));
    await waitFor(() => expect(step()).toBe(6));
    expect(argsOf('sync_payouts')[0]).toEqual({ input: { workspaceId: 1, accountId: null }, task: 'sync:payouts:1' });
  });

  it('shows the chosen account’s schedule and its balance and payouts per day', async () => {
    await setup('payouts/flow', 2);
    const panel = screen.getByTestId('payouts-account-panel');
    await waitFor(() => expect(within(panel).getByTestId('payout-schedule-summary')).toHaveTextContent('Manual'));
    expect(within(panel).getByTestId('payout-schedule-next')).toHaveTextContent('No automatic payouts');
    // m_closed comes first: its failed payout in the chart's table, its balance back to $39.50.
    const rows = await within(panel).findAllByTestId('balance-charts-payouts-row');
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringMatching(/Failed\$39\.001$/)]);
    expect(within(panel).getByTestId('balance-charts-balance-data')).toHaveTextContent('$39.50');
  });

  it('is read-only for Support: no New payout, no schedule form', async () => {
    await setup('payouts/support', 1);
    expect(screen.getByTestId('payouts-read-only')).toBeInTheDocument();
    expect(screen.queryByTestId('payouts-create')).not.toBeInTheDocument();
    expect(texts('payout-row-status')).toEqual(['Pending']);
    await waitFor(() => expect(screen.getByTestId('payout-schedule-summary')).toHaveTextContent('Manual'));
    expect(screen.queryByTestId('payout-schedule-save')).not.toBeInTheDocument();
  });
});
