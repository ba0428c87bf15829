import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { asSupport } from '../../test/operatorStatus';
import { replay, type Override, type ScenarioName } from '../../test/replay';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import OnboardingSection from './OnboardingSection.svelte';
import { STATUS_ORDER, statusWords } from './status';

// Every answer comes from the real core (ui/src/test/fixtures/onboarding.json): Acme has two
// entries, Northwind one.
async function setup(name: ScenarioName = 'onboarding/sample', override?: Override) {
  const { argsOf } = replay(name, override);
  const app = new AppStatusStore();
  await app.refresh();
  const context = new Map<unknown, unknown>([
    [APP_STATUS_CONTEXT_KEY, app],
    [TOASTER_CONTEXT_KEY, new Toaster()],
  ]);
  render(OnboardingSection, { context });
  return { user: userEvent.setup(), argsOf };
}

describe('onboarding status words', () => {
  it('names every status in plain words', () => {
    expect(STATUS_ORDER.map(statusWords)).toEqual([
      'Missing data',
      'Terms not accepted',
      'Charges disabled',
      'Payouts disabled',
      'Payouts enabled',
    ]);
  });
});

describe('OnboardingSection', () => {
  it('lists only the active workspace, and filters by status code', async () => {
    const { user, argsOf } = await setup();
    await waitFor(() => expect(screen.getAllByTestId('onboarding-row')).toHaveLength(2));
    const query = argsOf('list_onboarding').at(-1)!.query as { filters: { field: string; op: string; value: string }[] };
    expect(query.filters).toContainEqual({ field: 'workspaceId', op: 'eq', value: '1' });

    await user.selectOptions(screen.getByTestId('onboarding-filter-status'), 'PayoutEnabled');
    await waitFor(() => expect(screen.queryAllByTestId('onboarding-row')).toHaveLength(0));
    const filtered = argsOf('list_onboarding').at(-1)!.query as { filters: { field: string; op: string; value: string }[] };
    expect(filtered.filters).toContainEqual({ field: 'status', op: 'eq', value: '4' });
  });

  it('shows every backend field error under its field in the wizard', async () => {
    const { user, argsOf } = await setup();
    await user.click(screen.getByTestId('onboarding-create'));
    await user.click(screen.getByTestId('onboarding-type-standard'));
    await user.click(screen.getByTestId('onboarding-next'));
    await user.type(screen.getByTestId('onboarding-merchantId'), 'merchant_9');
    await user.type(screen.getByTestId('onboarding-email'), 'not-an-email');
    await user.click(screen.getByTestId('onboarding-next'));
    // Checked at step 2, before anything is created: every problem at once, and the step stays.
    expect(await screen.findByTestId('onboarding-email-error')).toHaveTextContent('Enter an email address such as owner@example.com.');
    expect(screen.queryByTestId('onboarding-merchantId-error')).not.toBeInTheDocument();
    expect(screen.queryByTestId('onboarding-open')).not.toBeInTheDocument();
    expect(argsOf('create_onboarding')).toHaveLength(0);

    await user.clear(screen.getByTestId('onboarding-email'));
    await user.type(screen.getByTestId('onboarding-email'), 'owner@grill.example');
    await user.selectOptions(screen.getByTestId('onboarding-country'), 'DE');
    await user.click(screen.getByTestId('onboarding-next'));
    const summary = await screen.findByTestId('onboarding-summary');
    expect(summary).toHaveTextContent('standard');
    expect(summary).toHaveTextContent('owner@grill.example');
    expect(summary).toHaveTextContent('merchant_9');
    expect(summary).toHaveTextContent('DE');
    expect(argsOf('create_onboarding')).toHaveLength(0);
  });

  it('on return, offers Check status and renews a link that expired meanwhile', async () => {
    const { user, argsOf } = await setup('onboarding/return-expired');
    await waitFor(() => expect(screen.getAllByTestId('onboarding-row')).toHaveLength(2));
    await user.click(screen.getAllByTestId('onboarding-refresh')[0]!);
    await waitFor(() => expect(argsOf('open_external_link')).toHaveLength(1));

    window.dispatchEvent(new Event('focus'));
    expect(await screen.findByTestId('onboarding-return-renewed')).toHaveTextContent('had expired, so a new one is ready');
    expect(argsOf('renew_expired_onboarding_link')).toHaveLength(1);
    // Focus events while the banner shows do not ask again.
    window.dispatchEvent(new Event('focus'));
    expect(argsOf('renew_expired_onboarding_link')).toHaveLength(1);

    await user.click(screen.getByTestId('onboarding-return-continue'));
    await waitFor(() => expect(argsOf('open_external_link')).toHaveLength(2));
    const [first, second] = argsOf('open_external_link').map((a) => a.url);
    expect(second).not.toEqual(first);
    expect(screen.queryByTestId('onboarding-return-banner')).not.toBeInTheDocument();
  });

  it('on return with a link still valid, only offers Check status', async () => {
    const { user, argsOf } = await setup('onboarding/return-valid');
    await waitFor(() => expect(screen.getAllByTestId('onboarding-row')).toHaveLength(2));
    await user.click(screen.getAllByTestId('onboarding-refresh')[0]!);
    await waitFor(() => expect(argsOf('open_external_link')).toHaveLength(1));
    window.dispatchEvent(new Event('focus'));
    expect(await screen.findByTestId('onboarding-return-check')).toHaveTextContent('Check status');
    await waitFor(() => expect(argsOf('renew_expired_onboarding_link')).toHaveLength(1));
    expect(screen.queryByTestId('onboarding-return-renewed')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('onboarding-return-check'));
    await waitFor(() => expect(argsOf('act_on_onboarding').at(-1)).toMatchObject({ action: 'finish' }));
  });

  it('clips long account ids and emails but keeps the whole value on hover', async () => {
    await setup('onboarding/long');
    const [row] = await screen.findAllByTestId('onboarding-row');
    const email = [...row!.querySelectorAll('td')].find((td) => td.textContent?.includes('a.very.long'))!;
    expect(email).toHaveClass('clipped');
    expect(email).toHaveAttribute('title', 'a.very.long.address.for.accounting@restaurant-group.example');
    const account = [...row!.querySelectorAll('td')].find((td) => td.textContent?.includes('acct_'))!;
    expect(account.getAttribute('title')).toMatch(/^acct_\w+$/);
    // The copy button copies the whole id, not the clipped text.
    expect(account.querySelector('button')).toHaveAccessibleName(/^Copy Account acct_\w+$/);
  });

  it('as Support lists the entries with their details, but offers no create, status, continue, dashboard or delete', async () => {
    const { user } = await setup('onboarding/sample', asSupport('onboarding/sample'));
    await waitFor(() => expect(screen.getAllByTestId('onboarding-row')).toHaveLength(2));
    expect(screen.queryByTestId('onboarding-create')).not.toBeInTheDocument();
    for (const id of ['onboarding-finish', 'onboarding-refresh', 'onboarding-dashboard', 'onboarding-delete']) {
      expect(screen.queryAllByTestId(id), id).toHaveLength(0);
    }
    expect(screen.getAllByTestId('onboarding-details')).toHaveLength(2);
    await user.click(screen.getAllByTestId('onboarding-details')[0]!);
    expect(screen.getByTestId('onboarding-detail')).toBeInTheDocument();
  });

  it('as Admin offers every action on each entry', async () => {
    await setup();
    await waitFor(() => expect(screen.getAllByTestId('onboarding-row')).toHaveLength(2));
    expect(screen.getByTestId('onboarding-create')).toBeInTheDocument();
    for (const id of ['onboarding-finish', 'onboarding-refresh', 'onboarding-dashboard', 'onboarding-delete']) {
      expect(screen.getAllByTestId(id), id).toHaveLength(2);
    }
  });
});
