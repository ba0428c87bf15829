import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asSupport } from '../../test/operatorStatus';
import { recordedAnswer, replay, type Override, type ScenarioName } from '../../test/replay';
import type { CreatedPayment } from '../bindings';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import { buildFilters, noFilters, toMinorUnits } from '../datatable/moneyFilters';
import PaymentsSection from './PaymentsSection.svelte';

// Every answer comes from the real core (ui/src/test/fixtures/payments.json): Acme has a Custom
// account that finished onboarding (m_grill), an Express one that did not (m_cafe), and seven
// payments with an Admin's own fee: 1 awaiting payment, 2 authorized (manual capture), 3 paid,
// 4 and 5 awaiting payment, 6 paid in JPY, 7 paid and partly refunded.
async function setup(name: ScenarioName = 'payments/sample', override?: Override, rows = 7) {
  const { argsOf } = replay(name, override);
  const app = new AppStatusStore();
  await app.refresh();
  const toaster = new Toaster();
  const context = new Map<unknown, unknown>([
    [APP_STATUS_CONTEXT_KEY, app],
    [TOASTER_CONTEXT_KEY, toaster],
  ]);
  render(PaymentsSection, { context });
  if (rows > 0) await waitFor(() => expect(screen.getAllByTestId('payment-row')).toHaveLength(rows));
  else expect(await screen.findByTestId('payments-empty')).toHaveTextContent('No payments yet');
  return { user: userEvent.setup(), argsOf, toaster };
}

type Query = { sort: string | null; filters: { field: string; op: string; value: string }[] };
const rowOf = (order: string) => screen.getAllByTestId('payment-row').find((r) => r.textContent?.includes(order))!;
const texts = (id: string) => screen.getAllByTestId(id).map((e) => e.textContent?.trim());

afterEach(() => vi.restoreAllMocks());

describe('payment filters', () => {
  it('sends typed amounts in the currency’s minor units', () => {
    expect(toMinorUnits('12.5', 'usd')).toBe(1250);
    expect(toMinorUnits('5000', 'JPY')).toBe(5000);
    expect(toMinorUnits('1.234', 'bhd')).toBe(1234);
    expect(toMinorUnits('1.234', 'usd')).toBeNull();
    expect(toMinorUnits('-1', 'usd')).toBeNull();
    const built = buildFilters(1, { ...noFilters(), currency: 'usd', minAmount: '10', maxAmount: 'lots' });
    expect(built.filters).toContainEqual({ field: 'amount', op: 'gte', value: '1000' });
    expect(built.problem).toBe('“lots” is not an amount in USD.');
    // Without a currency an amount means nothing: no bound is sent.
    const any = buildFilters(1, { ...noFilters(), minAmount: '10' });
    expect(any.filters.map((f) => f.field)).toEqual(['workspaceId']);
  });
});

describe('PaymentsSection', () => {
  it('lists the workspace’s payments with amounts per currency, status words and sorting', async () => {
    const { user, argsOf } = await setup();
    expect((argsOf('list_payments')[0]!.query as Query).filters).toContainEqual({ field: 'workspaceId', op: 'eq', value: '1' });
    expect(texts('payment-row-amount')).toEqual(['$50.00', '¥5,000', '$10.00', '$15.00', '$30.00', '$40.00', '$20.00']);
    expect(texts('payment-row-status')).toEqual([
      'Partly refunded', 'Succeeded', 'Awaiting payment', 'Awaiting payment', 'Succeeded', 'Authorized', 'Awaiting payment',
    ]);
    // The application fee column: the yen fee is not divided by 100.
    expect(rowOf('order_1006')).toHaveTextContent('¥150');
    expect(rowOf('order_1001')).toHaveTextContent('$0.80');
    expect(rowOf('order_1001')).toHaveTextContent('m_grill');

    await user.click(screen.getByTestId('table-sort-amount'));
    await waitFor(() => expect(texts('payment-row-amount')[2]).toBe('$40.00'));
    expect((argsOf('list_payments').at(-1)!.query as Query).sort).toBe('amount:desc');
  });

  it('filters by status, and by an amount range only once a currency is chosen', async () => {
    const { user, argsOf } = await setup();
    expect(screen.getByTestId('payments-filter-min')).toBeDisabled();
    expect(screen.getByTestId('payments-filter-hint')).toHaveTextContent('Choose a currency to filter by amount.');

    await user.selectOptions(screen.getByTestId('payments-filter-status'), 'succeeded');
    await waitFor(() => expect(screen.getAllByTestId('payment-row')).toHaveLength(3));
    await user.selectOptions(screen.getByTestId('payments-filter-status'), '');
    await waitFor(() => expect(screen.getAllByTestId('payment-row')).toHaveLength(7));

    await user.selectOptions(screen.getByTestId('payments-filter-currency'), 'jpy');
    expect(screen.getByTestId('payments-filter-min')).toBeEnabled();
    await user.type(screen.getByTestId('payments-filter-min'), '1000');
    await user.tab();
    await user.type(screen.getByTestId('payments-filter-max'), '10000');
    await user.tab();
    await waitFor(() => expect(texts('payment-row-amount')).toEqual(['¥5,000']));
    expect((argsOf('list_payments').at(-1)!.query as Query).filters).toEqual([
      { field: 'workspaceId', op: 'eq', value: '1' },
      { field: 'currency', op: 'eq', value: 'jpy' },
      { field: 'amount', op: 'gte', value: '1000' },
      { field: 'amount', op: 'lte', value: '10000' },
    ]);
  });

  it('acts on payments from the detail panel: test cards, capture, refund with the fee’s share, cancel, sync', async () => {
    const { user, toaster } = await setup();
    const open = async (order: string) => {
      await user.click(within(rowOf(order)).getByTestId('payment-open'));
      return screen.findByTestId('payment-detail');
    };
    const close = async () => {
      await user.click(screen.getByTestId('payment-detail-close'));
      await waitFor(() => expect(screen.queryByTestId('payment-detail')).not.toBeInTheDocument());
    };

    let detail = await open('order_1001');
    expect(within(detail).getByTestId('payment-detail-fee-rule')).toHaveTextContent('Set by an Admin: Launch promotion');
    expect(within(detail).queryByTestId('payment-refund')).not.toBeInTheDocument();
    await user.click(within(detail).getByTestId('payment-pay-test-card'));
    await waitFor(() => expect(within(detail).getByTestId('payment-detail-status')).toHaveTextContent('Succeeded'));
    expect(within(detail).getByTestId('payment-detail-card')).toHaveTextContent('visa •••• 4242');
    expect(within(detail).queryByTestId('payment-pay-test-card')).not.toBeInTheDocument();
    await close();

    detail = await open('order_1005');
    await user.selectOptions(within(detail).getByTestId('payment-test-card'), 'declined');
    await user.click(within(detail).getByTestId('payment-pay-test-card'));
    expect(await within(detail).findByTestId('payment-detail-failure')).toHaveTextContent('Your card was declined.');
    await close();

    // More than is authorized is refused next to the amount; a partial capture goes through.
    detail = await open('order_1002');
    await user.click(within(detail).getByTestId('payment-capture'));
    const capture = await screen.findByTestId('capture-dialog');
    expect(within(capture).getByTestId('capture-amount')).toHaveValue('40.00');
    expect(capture).toHaveTextContent('the application fee is computed again');
    await user.clear(within(capture).getByTestId('capture-amount'));
    await user.type(within(capture).getByTestId('capture-amount'), '50.00');
    await user.click(within(capture).getByTestId('capture-submit'));
    expect(await within(capture).findByText('At most $40.00 can be captured.')).toBeInTheDocument();
    await user.clear(within(capture).getByTestId('capture-amount'));
    await user.type(within(capture).getByTestId('capture-amount'), '25.00');
    await user.click(within(capture).getByTestId('capture-submit'));
    await waitFor(() => expect(screen.queryByTestId('capture-dialog')).not.toBeInTheDocument());
    expect(within(detail).getByTestId('payment-detail-received')).toHaveTextContent('$25.00');
    await close();

    detail = await open('order_1003');
    await user.click(within(detail).getByTestId('payment-refund'));
    let refund = await screen.findByTestId('refund-dialog');
    expect(within(refund).getByTestId('refund-amount')).toHaveValue('30.00');
    await user.clear(within(refund).getByTestId('refund-amount'));
    await user.type(within(refund).getByTestId('refund-amount'), '5.00');
    await user.selectOptions(within(refund).getByTestId('refund-reason'), 'requested_by_customer');
    await user.click(within(refund).getByTestId('refund-submit'));
    expect(await within(detail).findByTestId('payment-refund-outcome')).toHaveTextContent(
      'Refunded $5.00; $0.25 of the application fee returned.',
    );
    expect(within(detail).getByTestId('payment-detail-fee-refunded')).toHaveTextContent('$0.25 refunded');
    expect(within(detail).getAllByTestId('payment-refund-fee').map((e) => e.textContent)).toEqual(['$0.25']);
    expect(toaster.items.map((t) => t.message)).toContain('Refunded $5.00; $0.25 of the application fee returned.');

    // More than is left: the core's message under the amount.
    await user.click(within(detail).getByTestId('payment-refund'));
    refund = await screen.findByTestId('refund-dialog');
    expect(within(refund).getByTestId('refund-amount')).toHaveValue('25.00');
    await user.clear(within(refund).getByTestId('refund-amount'));
    await user.type(within(refund).getByTestId('refund-amount'), '99.00');
    await user.click(within(refund).getByTestId('refund-application-fee'));
    await user.click(within(refund).getByTestId('refund-reverse-transfer'));
    await user.click(within(refund).getByTestId('refund-submit'));
    expect(await within(refund).findByTestId('refund-amount-error')).toHaveTextContent('At most $25.00 is left to refund.');
    await user.click(within(refund).getByTestId('refund-cancel'));
    await close();

    detail = await open('order_1004');
    await user.click(within(detail).getByTestId('payment-cancel-payment'));
    await user.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(within(detail).getByTestId('payment-detail-status')).toHaveTextContent('Canceled'));
    expect(within(detail).getAllByTestId('payment-timeline-event').map((e) => e.textContent)).toEqual(
      expect.arrayContaining([expect.stringContaining('Canceled')]),
    );
    await close();

    await user.click(screen.getByTestId('payments-sync'));
    await waitFor(() => expect(toaster.items.map((t) => t.message)).toContain('7 payments synced from Stripe.'));
  }, 20_000);

  it('shows every field error of the create form next to its field, then the payment and its client secret once', async () => {
    // A long form: more than the default 5 s on a busy machine.
    const logged = [vi.spyOn(console, 'log'), vi.spyOn(console, 'info'), vi.spyOn(console, 'debug'), vi.spyOn(console, 'warn')];
    const { user, argsOf } = await setup('payments/create', undefined, 0);
    await user.click(screen.getByTestId('payments-create'));
    const form = await screen.findByTestId('payment-form');
    const account = within(form).getByTestId('payment-account') as HTMLSelectElement;
    const options = Array.from(account.options).map((o) => ({ text: o.textContent?.trim(), disabled: o.disabled }));
    expect(options).toEqual([
      { text: expect.stringMatching(/^m_cafe · acct_\w+ — onboarding not finished$/), disabled: true },
      { text: expect.stringMatching(/^m_grill · acct_\w+$/), disabled: false },
    ]);
    expect(account.selectedOptions[0]?.textContent).toContain('m_grill');
    expect(within(form).getByTestId('payment-currency')).toHaveValue('usd');

    await user.type(within(form).getByTestId('payment-amount'), '12.345');
    await user.type(within(form).getByTestId('payment-customer-email'), 'jenny at example');
    await user.click(within(form).getByTestId('payment-metadata'));
    await user.type(within(form).getByTestId('payment-metadata-key'), 'connectdesk_op');
    await user.type(within(form).getByTestId('payment-metadata-value'), 'x');
    await user.click(within(form).getByTestId('payment-submit'));
    expect(await within(form).findByTestId('payment-amount-error')).toHaveTextContent('USD has 2 decimals at most.');
    expect(within(form).getByTestId('payment-customer-email-error')).toHaveTextContent('Enter an email address such as jenny@example.com.');
    expect(within(form).getByTestId('payment-metadata-error')).toHaveTextContent('`connectdesk_op` is set by ConnectDesk itself.');
    expect(within(form).getByTestId('payment-amount')).toHaveFocus();

    await user.clear(within(form).getByTestId('payment-amount'));
    await user.type(within(form).getByTestId('payment-amount'), '25.00');
    await user.clear(within(form).getByTestId('payment-customer-email'));
    await user.type(within(form).getByTestId('payment-customer-email'), 'jenny@example.com');
    await user.type(within(form).getByTestId('payment-order-id'), 'order_2001');
    await user.click(within(form).getByRole('button', { name: 'Remove key 1' }));
    await user.click(within(form).getByTestId('payment-own-fee'));
    await user.type(within(form).getByTestId('payment-fee-amount'), '0.75');
    await user.click(within(form).getByTestId('payment-submit'));
    expect(await within(form).findByTestId('payment-fee-reason-error')).toHaveTextContent(
      "Say why this payment's fee differs from the rules (it is audited).",
    );
    expect(within(form).queryByTestId('payment-fee-amount-error')).not.toBeInTheDocument();
    expect(within(form).queryByTestId('payment-amount-error')).not.toBeInTheDocument();

    // Without an own fee, the fee rules price it: this workspace has none yet.
    await user.click(within(form).getByTestId('payment-own-fee'));
    await user.click(within(form).getByTestId('payment-submit'));
    expect(await within(form).findByTestId('payment-currency-error')).toHaveTextContent(
      'This workspace has no platform fee rules for USD: an Admin sets them up in Fees first.',
    );

    await user.click(within(form).getByTestId('payment-own-fee'));
    await user.type(within(form).getByTestId('payment-fee-reason'), 'Launch promotion');
    await user.click(within(form).getByTestId('payment-submit'));
    const result = await screen.findByTestId('payment-result');
    const created = recordedAnswer('payments/create', 'create_payment', 3) as CreatedPayment;
    expect(created.clientSecret).toMatch(/^pi_\w+_secret_\w+$/);
    expect(within(result).getByTestId('payment-result-id')).toHaveTextContent(created.payment.paymentIntentId);
    expect(within(result).getByTestId('payment-result-secret')).toHaveTextContent(created.clientSecret);
    expect(within(result).getByRole('button', { name: 'Copy client secret' })).toBeInTheDocument();
    expect(within(result).getByTestId('payment-result-status')).toHaveTextContent('Awaiting payment');
    expect(within(result).getByTestId('payment-result-amount')).toHaveTextContent('$25.00');
    expect(within(result).getByTestId('payment-result-fee')).toHaveTextContent('$0.75');
    expect(within(result).getByTestId('payment-result-destination')).toHaveTextContent('$24.25 once paid');
    expect(within(result).getByTestId('payment-result-fee-rule')).toHaveTextContent('Set by an Admin: Launch promotion');
    expect(argsOf('create_payment').at(-1)).toEqual({
      input: {
        workspaceId: 1, accountId: created.payment.accountId, amount: '25.00', currency: 'usd', orderId: 'order_2001',
        customerEmail: 'jenny@example.com', metadata: {}, manualCapture: false,
        feeOverride: { amount: '0.75', reason: 'Launch promotion' },
      },
    });
    for (const spy of logged) {
      expect(spy.mock.calls.flat().some((arg) => String(arg).includes(created.clientSecret))).toBe(false);
    }
  }, 20_000);

  it('hides what Support may not do: no New payment, no test card, capture or cancel, no refund without a limit', async () => {
    const { user } = await setup('payments/sample', asSupport('payments/sample'));
    expect(screen.queryByTestId('payments-create')).not.toBeInTheDocument();
    expect(screen.queryByTestId('payments-refund-limits')).not.toBeInTheDocument();
    expect(screen.getByTestId('payments-read-only')).toHaveTextContent('none is set yet');
    expect(screen.getByTestId('payments-sync')).toBeInTheDocument();

    await user.click(within(rowOf('order_1001')).getByTestId('payment-open'));
    let detail = await screen.findByTestId('payment-detail');
    expect(within(detail).queryByTestId('payment-pay-test-card')).not.toBeInTheDocument();
    expect(within(detail).queryByTestId('payment-cancel-payment')).not.toBeInTheDocument();
    await user.click(within(detail).getByTestId('payment-detail-close'));

    await user.click(within(rowOf('order_1002')).getByTestId('payment-open'));
    detail = await screen.findByTestId('payment-detail');
    expect(within(detail).queryByTestId('payment-capture')).not.toBeInTheDocument();
    await user.click(within(detail).getByTestId('payment-detail-close'));

    await user.click(within(rowOf('order_1003')).getByTestId('payment-open'));
    detail = await screen.findByTestId('payment-detail');
    expect(within(detail).queryByTestId('payment-refund')).not.toBeInTheDocument();
  });

  it('lets Support refund up to the limit an Admin set, offering at most the limit', async () => {
    const { user } = await setup('payments/limited', asSupport('payments/limited'), 1);
    expect(screen.getByTestId('payments-read-only')).toHaveTextContent('refund up to $5.00 per payment');
    await user.click(within(rowOf('order_3001')).getByTestId('payment-open'));
    const detail = await screen.findByTestId('payment-detail');
    await user.click(within(detail).getByTestId('payment-refund'));
    const refund = await screen.findByTestId('refund-dialog');
    expect(within(refund).getByTestId('refund-amount')).toHaveValue('5.00');
    expect(within(refund).getByTestId('refund-limit')).toHaveTextContent('$5.00');
  });

  it('lets an Admin set Support’s refund limit, with the core’s message next to a bad amount', async () => {
    const { user, argsOf } = await setup('payments/limits', undefined, 1);
    await user.click(screen.getByTestId('payments-refund-limits'));
    const dialog = await screen.findByTestId('refund-limits-dialog');
    expect(within(dialog).getByTestId('refund-limits-none')).toBeInTheDocument();
    await user.type(within(dialog).getByTestId('refund-limit-amount'), '5.001');
    await user.click(within(dialog).getByTestId('refund-limit-save'));
    expect(await within(dialog).findByTestId('refund-limit-amount-error')).toHaveTextContent('USD has 2 decimals at most.');
    await user.clear(within(dialog).getByTestId('refund-limit-amount'));
    await user.type(within(dialog).getByTestId('refund-limit-amount'), '5.00');
    await user.click(within(dialog).getByTestId('refund-limit-save'));
    await waitFor(() => expect(within(dialog).getAllByTestId('refund-limit-row').map((r) => r.textContent)).toEqual(['USD$5.00']));
    expect(argsOf('set_refund_limit')).toHaveLength(2);
  });
});
