import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { replay, type ScenarioName } from '../../test/replay';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import BalancePanel from './BalancePanel.svelte';
import BalancesSection from './BalancesSection.svelte';

// Answers from the real core (ui/src/test/fixtures/balances.json): the sandbox's platform holds
// USD (available, and pending from a card payment) and JPY; m_grill (Custom) received $50.00;
// m_cafe (Express) has nothing yet.
async function setup(name: ScenarioName) {
  const { argsOf } = replay(name);
  const app = new AppStatusStore();
  await app.refresh();
  const context = new Map<unknown, unknown>([
    [APP_STATUS_CONTEXT_KEY, app],
    [TOASTER_CONTEXT_KEY, new Toaster()],
  ]);
  render(BalancesSection, { context });
  return { user: userEvent.setup(), argsOf };
}

const cells = (panel: HTMLElement, id: string) => within(panel).getAllByTestId(id).map((e) => e.textContent?.trim());

describe('BalancesSection', () => {
  it('shows the platform’s balance per currency in its own format, with connect reserved, and an account’s without', async () => {
    const { user, argsOf } = await setup('balances/sample');
    const platform = await screen.findByTestId('balances-platform');
    await waitFor(() => expect(within(platform).getAllByTestId('balances-platform-line')).toHaveLength(2));
    const lines = within(platform).getAllByTestId('balances-platform-line');
    expect(lines.map((l) => l.dataset['currency'])).toEqual(['jpy', 'usd']);
    // Yen has no decimals: ¥20,000 paid less Stripe's 2.9 %. USD: $500.00 less the fee and the
    // $50.00 transfer; a $100.00 card payment is pending.
    expect(cells(platform, 'balances-platform-available')).toEqual(['¥19,420', '$435.20']);
    expect(cells(platform, 'balances-platform-pending')).toEqual(['¥0', '$96.80']);
    expect(cells(platform, 'balances-platform-reserved')).toEqual(['¥0', '$0.00']);

    const account = await screen.findByTestId('balances-account-panel');
    await waitFor(() => expect(cells(account, 'balances-account-panel-available')).toEqual(['$50.00']));
    expect(within(account).queryByTestId('balances-account-panel-reserved')).not.toBeInTheDocument();
    expect(within(account).getByTestId('balances-account-panel-merchant')).toHaveTextContent('m_grill');
    expect(argsOf('get_balance')).toEqual(expect.arrayContaining([{ workspaceId: 1, accountId: null }]));

    const picker = screen.getByTestId('balances-account') as HTMLSelectElement;
    await user.selectOptions(picker, picker.options[1]!.value);
    await waitFor(() =>
      expect(within(screen.getByTestId('balances-account-panel')).getByTestId('balances-account-panel-merchant')).toHaveTextContent('m_cafe'),
    );

    await user.selectOptions(picker, '');
    await user.type(screen.getByTestId('balances-account-id'), 'acct_1NoSuchAccount00');
    await user.tab();
    const unknown = await screen.findByTestId('balances-account-panel-error');
    expect(unknown).toHaveTextContent('acct_1NoSuchAccount00 is not a connected account of this platform.');
  });

  it('shows a shop owner their own account’s balance and the core’s refusal of the platform’s', async () => {
    await setup('balances/owner');
    const refused = await screen.findByTestId('balances-platform-error');
    expect(refused).toHaveTextContent("The platform's balance is for Support, Payments admins and Admins");
    const account = await screen.findByTestId('balances-account-panel');
    await waitFor(() => expect(cells(account, 'balances-account-panel-available')).toEqual(['$50.00']));
    expect(Array.from((screen.getByTestId('balances-account') as HTMLSelectElement).options).map((o) => o.textContent)).toEqual([
      expect.stringMatching(/^m_grill · acct_\w+$/),
      'Another account…',
    ]);
  });
});

describe('BalancePanel', () => {
  it('is the reusable panel an account’s detail shows', async () => {
    replay('balances/sample');
    render(BalancePanel, { props: { workspaceId: 1, accountId: null, testid: 'panel' } });
    const panel = await screen.findByTestId('panel');
    await waitFor(() => expect(within(panel).getAllByTestId('panel-line')).toHaveLength(2));
    expect(within(panel).getByText('Platform balance')).toBeInTheDocument();
  });
});
