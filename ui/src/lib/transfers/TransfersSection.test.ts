import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asSupport } from '../../test/operatorStatus';
import { recordedAnswer, replay, type Override, type ScenarioName } from '../../test/replay';
import type { ExportedFile, Transfer } from '../bindings';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import TransfersSection from './TransfersSection.svelte';
import { reversible, statusBadge } from './words';

// Every answer comes from the real core (ui/src/test/fixtures/transfers.json): Acme has a Custom
// account that finished onboarding (m_grill) and an Express one that did not (m_cafe); the
// sandbox's platform holds USD and JPY. "sample" has five transfers: $100.00 (Weekly tip payout),
// $25.00, ¥5,000, $40.00 with $10.00 reversed, $15.00 reversed in full; a sixth ($7.00) is made
// in the Dashboard before the sync.
async function setup(name: ScenarioName = 'transfers/sample', override?: Override, rows = 5) {
  const { argsOf } = replay(name, override);
  const app = new AppStatusStore();
  await app.refresh();
  const toaster = new Toaster();
  const context = new Map<unknown, unknown>([
    [APP_STATUS_CONTEXT_KEY, app],
    [TOASTER_CONTEXT_KEY, toaster],
  ]);
  render(TransfersSection, { context });
  if (rows > 0) await waitFor(() => expect(screen.getAllByTestId('transfer-row')).toHaveLength(rows));
  else expect(await screen.findByTestId('transfers-empty')).toHaveTextContent('No transfers yet');
  return { user: userEvent.setup(), argsOf, toaster };
}

type Query = { sort: string | null; filters: { field: string; op: string; value: string }[] };
const rowOf = (text: string) => screen.getAllByTestId('transfer-row').find((r) => r.textContent?.includes(text))!;
const texts = (id: string) => screen.getAllByTestId(id).map((e) => e.textContent?.trim());

afterEach(() => vi.restoreAllMocks());

describe('transfer words', () => {
  it('names the core’s statuses and what is left to reverse', () => {
    expect(statusBadge('partiallyReversed')).toEqual({ label: 'Partially reversed', tone: 'warning' });
    expect(statusBadge('reversed').label).toBe('Reversed');
    expect(reversible({ amount: 4000, amountReversed: 1000 })).toBe(3000);
    expect(reversible({ amount: 1500, amountReversed: 1500 })).toBe(0);
  });
});

describe('TransfersSection', () => {
  it('lists the workspace’s transfers with amounts per currency, the core’s statuses, sorting and a status filter', async () => {
    const { user, argsOf } = await setup();
    expect((argsOf('list_transfers')[0]!.query as Query).filters).toEqual([{ field: 'workspaceId', op: 'eq', value: '1' }]);
    expect(texts('transfer-row-amount')).toEqual(['$15.00', '$40.00', '¥5,000', '$25.00', '$100.00']);
    expect(texts('transfer-row-status')).toEqual(['Reversed', 'Partially reversed', 'Paid', 'Paid', 'Paid']);
    expect(rowOf('Catering')).toHaveTextContent('$10.00');
    expect(rowOf('Weekly tip payout')).toHaveTextContent('m_grill');

    await user.selectOptions(screen.getByTestId('transfers-filter-status'), 'partiallyReversed');
    await waitFor(() => expect(screen.getAllByTestId('transfer-row')).toHaveLength(1));
    expect(texts('transfer-row-amount')).toEqual(['$40.00']);
    expect((argsOf('list_transfers').at(-1)!.query as Query).filters).toContainEqual({ field: 'status', op: 'eq', value: 'partiallyReversed' });
    await user.selectOptions(screen.getByTestId('transfers-filter-status'), '');
    await waitFor(() => expect(screen.getAllByTestId('transfer-row')).toHaveLength(5));

    // The core sorts by minor units: 10000 ($100.00) before 5000 (¥5,000).
    await user.click(screen.getByTestId('table-sort-amount'));
    await waitFor(() => expect(texts('transfer-row-amount')).toEqual(['$100.00', '¥5,000', '$40.00', '$25.00', '$15.00']));
    expect((argsOf('list_transfers').at(-1)!.query as Query).sort).toBe('amount:desc');
  });

  it('reverses half of a transfer from its detail, refuses more than is left next to the amount, syncs and exports', async () => {
    const { user, toaster, argsOf } = await setup();
    await user.click(within(rowOf('Weekly tip payout')).getByTestId('transfer-open'));
    const detail = await screen.findByTestId('transfer-detail');
    expect(within(detail).getByTestId('transfer-detail-status')).toHaveTextContent('Paid');
    expect(within(detail).getByTestId('transfer-no-reversals')).toBeInTheDocument();
    expect(detail).toHaveTextContent('2026-01-15 to 2026-01-21');

    await user.click(within(detail).getByTestId('transfer-reverse'));
    let dialog = await screen.findByTestId('reverse-dialog');
    expect(within(dialog).getByTestId('reverse-amount')).toHaveValue('100.00');
    expect(within(dialog).getByTestId('reverse-left')).toHaveTextContent('$100.00');
    await user.clear(within(dialog).getByTestId('reverse-amount'));
    await user.type(within(dialog).getByTestId('reverse-amount'), '50.00');
    await user.type(within(dialog).getByTestId('reverse-description'), 'Partial reversal - error correction');
    await user.click(within(dialog).getByTestId('reverse-submit'));
    expect(await within(detail).findByTestId('transfer-reversal-outcome')).toHaveTextContent('Reversed $50.00 of tr_');
    expect(within(detail).getByTestId('transfer-detail-status')).toHaveTextContent('Partially reversed');
    expect(within(detail).getByTestId('transfer-detail-reversed')).toHaveTextContent('$50.00');
    expect(within(detail).getAllByTestId('transfer-reversal-row')).toHaveLength(1);
    expect(within(detail).getByTestId('transfer-reversals')).toHaveTextContent('Partial reversal - error correction');

    await user.click(within(detail).getByTestId('transfer-reverse'));
    dialog = await screen.findByTestId('reverse-dialog');
    expect(within(dialog).getByTestId('reverse-amount')).toHaveValue('50.00');
    await user.clear(within(dialog).getByTestId('reverse-amount'));
    await user.type(within(dialog).getByTestId('reverse-amount'), '60.00');
    await user.click(within(dialog).getByTestId('reverse-submit'));
    expect(await within(dialog).findByTestId('reverse-amount-error')).toHaveTextContent(
      'At most $50.00 of this transfer is left to reverse.',
    );
    await user.click(within(dialog).getByTestId('reverse-cancel'));
    await user.click(within(detail).getByTestId('transfer-detail-close'));
    await waitFor(() => expect(screen.queryByTestId('transfer-detail')).not.toBeInTheDocument());

    await user.click(screen.getByTestId('transfers-sync'));
    await waitFor(() => expect(toaster.items.map((t) => t.message)).toContain('6 transfers synced from Stripe.'));
    await waitFor(() => expect(screen.getAllByTestId('transfer-row')).toHaveLength(6));

    await user.click(screen.getByTestId('transfers-export'));
    const file = recordedAnswer('transfers/sample', 'export_transfers') as ExportedFile;
    expect(file.count).toBe(6);
    await waitFor(() =>
      expect(toaster.items.map((t) => t.message)).toContain(`Saved 6 transfers of the current filter to ${file.path}`),
    );
    expect(argsOf('export_transfers').at(-1)).toEqual({ query: expect.objectContaining({ sort: 'created:desc' }) });
  }, 20_000);

  it('shows the platform’s available balance in the chosen currency and every refusal of the core next to its field', async () => {
    const { user, argsOf } = await setup('transfers/create', undefined, 0);
    await user.click(screen.getByTestId('transfers-create'));
    const form = await screen.findByTestId('transfer-form');
    const account = within(form).getByTestId('transfer-account') as HTMLSelectElement;
    expect(Array.from(account.options).map((o) => o.textContent?.trim())).toEqual([
      expect.stringMatching(/^m_cafe · acct_\w+ — transfers not active yet$/),
      expect.stringMatching(/^m_grill · acct_\w+$/),
    ]);
    expect(account.selectedOptions[0]?.textContent).toContain('m_grill');
    const available = within(form).getByTestId('transfer-available');
    await waitFor(() => expect(available).toHaveTextContent(/^Available on the platform: \$\d+\.\d\d$/));
    await user.clear(within(form).getByTestId('transfer-currency'));
    await user.type(within(form).getByTestId('transfer-currency'), 'jpy');
    expect(available).toHaveTextContent(/^Available on the platform: ¥[\d,]+$/);
    await user.clear(within(form).getByTestId('transfer-currency'));
    await user.type(within(form).getByTestId('transfer-currency'), 'eur');
    expect(available).toHaveTextContent('The platform has nothing available in EUR.');
    await user.clear(within(form).getByTestId('transfer-currency'));
    await user.type(within(form).getByTestId('transfer-currency'), 'usd');

    await user.type(within(form).getByTestId('transfer-amount'), '12.345');
    await user.click(within(form).getByTestId('transfer-metadata'));
    await user.type(within(form).getByTestId('transfer-metadata-key'), 'connectdesk_op');
    await user.type(within(form).getByTestId('transfer-metadata-value'), 'x');
    await user.click(within(form).getByTestId('transfer-submit'));
    expect(await within(form).findByTestId('transfer-amount-error')).toHaveTextContent('USD has 2 decimals at most.');
    expect(within(form).getByTestId('transfer-metadata-error')).toHaveTextContent('`connectdesk_op` is set by ConnectDesk itself.');
    expect(within(form).getByTestId('transfer-amount')).toHaveFocus();

    await user.click(within(form).getByRole('button', { name: 'Remove key 1' }));
    await user.clear(within(form).getByTestId('transfer-amount'));
    await user.type(within(form).getByTestId('transfer-amount'), '1000.00');
    await user.click(within(form).getByTestId('transfer-submit'));
    expect(await within(form).findByTestId('transfer-amount-error')).toHaveTextContent(
      /^The platform has \$\d+\.\d\d available in USD: a transfer can be at most that\.$/,
    );

    await user.selectOptions(account, account.options[0]!.value);
    await user.clear(within(form).getByTestId('transfer-amount'));
    await user.type(within(form).getByTestId('transfer-amount'), '10.00');
    await user.click(within(form).getByTestId('transfer-submit'));
    expect(await within(form).findByTestId('transfer-account-error')).toHaveTextContent('cannot receive transfers yet');

    await user.selectOptions(account, account.options[1]!.value);
    await user.clear(within(form).getByTestId('transfer-amount'));
    await user.type(within(form).getByTestId('transfer-amount'), '100.00');
    await user.type(within(form).getByTestId('transfer-description'), 'Weekly tip payout');
    await user.click(within(form).getByTestId('transfer-metadata'));
    await user.type(within(form).getByTestId('transfer-metadata-key'), 'pay_period');
    await user.type(within(form).getByTestId('transfer-metadata-value'), '2026-01-15 to 2026-01-21');
    await user.click(within(form).getByTestId('transfer-submit'));
    const detail = await screen.findByTestId('transfer-detail');
    const created = recordedAnswer('transfers/create', 'create_transfer', 3) as Transfer;
    expect(created.amount).toBe(10_000);
    expect(detail).toHaveTextContent(created.transferId);
    expect(within(detail).getByTestId('transfer-detail-amount')).toHaveTextContent('$100.00');
    expect(within(detail).getByTestId('transfer-detail-description')).toHaveTextContent('Weekly tip payout');
    expect(argsOf('create_transfer').at(-1)).toEqual({
      input: {
        workspaceId: 1, accountId: created.accountId, amount: '100.00', currency: 'usd', description: 'Weekly tip payout',
        metadata: { pay_period: '2026-01-15 to 2026-01-21' },
      },
    });
  }, 20_000);

  it('lets Support read transfers but not send or reverse them', async () => {
    const { user } = await setup('transfers/sample', asSupport('transfers/sample'));
    expect(screen.queryByTestId('transfers-create')).not.toBeInTheDocument();
    expect(screen.getByTestId('transfers-read-only')).toHaveTextContent('look at transfers');
    await user.click(within(rowOf('Weekly tip payout')).getByTestId('transfer-open'));
    const detail = await screen.findByTestId('transfer-detail');
    expect(within(detail).queryByTestId('transfer-reverse')).not.toBeInTheDocument();
  });
});
