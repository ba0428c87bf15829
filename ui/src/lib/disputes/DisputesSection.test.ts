import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { replay, type ScenarioName } from '../../test/replay';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import DisputesSection from './DisputesSection.svelte';
import { buildFilters, noFilters } from './filters';
import { noticeGiven, waitingDispute } from './noticeOpener.svelte';

// Every answer comes from the real core (ui/src/test/fixtures/disputes.json): in the sandbox,
// $40.00 disputed on a Monday, $25.00 and $12.00 a day later; the $12.00 one was submitted with
// Stripe's winning test evidence and is won.
async function setup(name: ScenarioName, rows: number) {
  const { argsOf } = replay(name);
  const app = new AppStatusStore();
  await app.refresh();
  const toaster = new Toaster();
  render(DisputesSection, {
    context: new Map<unknown, unknown>([
      [APP_STATUS_CONTEXT_KEY, app],
      [TOASTER_CONTEXT_KEY, toaster],
    ]),
  });
  await waitFor(() => expect(screen.getAllByTestId('dispute-row')).toHaveLength(rows));
  return { user: userEvent.setup(), argsOf, toaster };
}

const texts = (id: string) => screen.getAllByTestId(id).map((e) => e.textContent?.trim());

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

describe('dispute filters', () => {
  it('sends “due within” as days for the core to count from its clock', () => {
    expect(buildFilters(1, { ...noFilters(), status: 'needs_response', reason: 'fraudulent', account: ' acct_1 ', dueWithin: '3' })).toEqual([
      { field: 'workspaceId', op: 'eq', value: '1' },
      { field: 'status', op: 'eq', value: 'needs_response' },
      { field: 'reason', op: 'eq', value: 'fraudulent' },
      { field: 'accountId', op: 'eq', value: 'acct_1' },
      { field: 'dueWithinDays', op: 'eq', value: '3' },
    ]);
  });
});

describe('DisputesSection', () => {
  it('opens the dispute a notification was about when the window is back, once', async () => {
    noticeGiven(3, true);
    expect(waitingDispute()).toBeNull(); // given while the window had focus: nothing jumps
    noticeGiven(3, false);
    const { argsOf } = await setup('disputes/respond', 3);
    const detail = await screen.findByTestId('dispute-detail');
    expect(within(detail).getByTestId('dispute-detail-amount')).toHaveTextContent('$40.00');
    expect(argsOf('open_dispute')[0]).toEqual({ id: 3 });
    expect(waitingDispute()).toBeNull();
  });

  it('shows what needs a response first, nearest deadline first, with the core’s countdown', async () => {
    const { argsOf } = await setup('disputes/list', 3);
    expect(texts('dispute-row-amount')).toEqual(['$40.00', '$25.00', '$12.00']);
    expect(texts('dispute-row-status')).toEqual(['Needs response', 'Needs response', 'Won']);
    const countdowns = screen.getAllByTestId('dispute-row-countdown');
    expect(countdowns).toHaveLength(2);
    expect(countdowns[0]).toHaveTextContent(/^6 days \d+ h left$/);
    expect(countdowns[1]).toHaveTextContent(/^7 days \d+ h left$/);
    expect(countdowns.map((c) => c.dataset.urgency)).toEqual(['calm', 'calm']);
    expect(argsOf('list_disputes')[0]).toMatchObject({ query: { sort: 'urgencyRank:asc' } });
    // The filters offer the core's statuses and reasons.
    const status = screen.getByTestId('disputes-filter-status');
    expect(within(status).getByRole('option', { name: 'Needs response' })).toBeInTheDocument();
    expect(within(screen.getByTestId('disputes-filter-reason')).getByRole('option', { name: 'Product not received' })).toBeInTheDocument();
  });

  it('lets Support save a draft, shows a field over Stripe’s limit next to it, and submits', async () => {
    const { user, argsOf } = await setup('disputes/respond', 3);
    await user.click(screen.getAllByTestId('dispute-open')[0]);
    const detail = await screen.findByTestId('dispute-detail');
    // Read fresh from Stripe when it opens; the reason in plain words.
    await waitFor(() => expect(argsOf('open_dispute')).toHaveLength(1));
    expect(within(detail).getByTestId('dispute-detail-reason')).toHaveTextContent('Fraudulent.');
    expect(within(detail).getByTestId('dispute-detail-reason')).toHaveTextContent('What helps:');
    expect(within(detail).getByTestId('dispute-detail-due')).toHaveTextContent('UTC');

    const name = await within(detail).findByTestId('evidence-customer_name-input');
    await waitFor(() => expect(name).not.toBeDisabled());
    await user.type(name, 'Jenny Rosen');
    await user.type(within(detail).getByTestId('evidence-customer_email_address-input'), 'jenny@example.com');
    await user.click(screen.getByTestId('dispute-save-draft'));
    expect(await screen.findByTestId('dispute-detail-saved')).toHaveTextContent('Draft saved at');
    expect(argsOf('save_dispute_evidence')[0]).toMatchObject({
      input: { submit: false, evidence: { customer_name: 'Jenny Rosen', customer_email_address: 'jenny@example.com' } },
    });

    // Too long: the core's message, next to the field.
    await user.clear(within(detail).getByTestId('evidence-customer_name-input'));
    await user.click(within(detail).getByTestId('evidence-customer_name-input'));
    await user.paste('n'.repeat(5_001));
    await user.click(screen.getByTestId('dispute-save-draft'));
    expect(await within(detail).findByTestId('evidence-customer_name-error')).toHaveTextContent('at most 5,000 characters');

    // Submit: the confirmation lists exactly what goes; afterwards the form is read-only.
    await user.clear(within(detail).getByTestId('evidence-customer_name-input'));
    await user.type(within(detail).getByTestId('evidence-customer_name-input'), 'Jenny Rosen');
    await user.type(within(detail).getByTestId('evidence-uncategorized_text-input'), 'winning_evidence');
    await user.click(screen.getByTestId('dispute-submit'));
    const list = await screen.findByTestId('dispute-submit-list');
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent?.trim())).toEqual([
      'Customer name: Jenny Rosen',
      'Customer email: jenny@example.com',
      'Anything else: winning_evidence',
    ]);
    await user.click(screen.getByRole('button', { name: 'Submit for good' }));
    await waitFor(() => expect(within(detail).getByTestId('dispute-detail-status')).toHaveTextContent('Won'));
    expect(within(detail).getByTestId('dispute-detail-read-only')).toHaveTextContent('submitted');
    expect(within(detail).queryByTestId('dispute-submit')).not.toBeInTheDocument();
  });
});
