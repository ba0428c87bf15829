import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { replay, scenario } from '../../test/replay';
import type { PayoutScheduleView } from '../bindings';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import PayoutScheduleEditor from './PayoutScheduleEditor.svelte';

// payouts.json "schedule": an account on Stripe's default (daily, 2 days) on a Monday, made
// weekly on Friday; then a form with two problems; then a delay Stripe itself refuses.
async function setup() {
  const recorded = scenario('payouts/schedule');
  const view = recorded.states[0]!.find((e) => e.cmd === 'get_payout_schedule')!;
  const accountId = (view.response as { ok: PayoutScheduleView }).ok.accountId;
  const { argsOf } = replay('payouts/schedule');
  const app = new AppStatusStore();
  await app.refresh();
  render(PayoutScheduleEditor, {
    props: { workspaceId: 1, accountId },
    context: new Map<unknown, unknown>([
      [APP_STATUS_CONTEXT_KEY, app],
      [TOASTER_CONTEXT_KEY, new Toaster()],
    ]),
  });
  await waitFor(() => expect(screen.getByTestId('payout-schedule-summary')).toHaveTextContent('Every day'));
  return { user: userEvent.setup(), argsOf, accountId };
}

describe('PayoutScheduleEditor', () => {
  it('shows the schedule and the next payout date the core computed', async () => {
    await setup();
    expect(screen.getByTestId('payout-schedule-summary')).toHaveTextContent("Every day; a payment's funds are held 2 days.");
    expect(screen.getByTestId('payout-schedule-next-date')).toHaveTextContent('Wednesday, June 4, 2025');
    expect(screen.getByTestId('payout-schedule-delay-days')).toHaveValue('2');
  });

  it('saves weekly on Friday, then places every problem next to its field, Stripe’s too', async () => {
    const { user, argsOf, accountId } = await setup();
    await user.selectOptions(screen.getByTestId('payout-schedule-interval'), 'weekly');
    await user.selectOptions(screen.getByTestId('payout-schedule-weekly-anchor'), 'friday');
    await user.click(screen.getByTestId('payout-schedule-save'));
    await waitFor(() => expect(screen.getByTestId('payout-schedule-summary')).toHaveTextContent('Every Friday'));
    expect(screen.getByTestId('payout-schedule-next-date')).toHaveTextContent('Friday, June 6, 2025');
    expect(argsOf('update_payout_schedule')[0]).toEqual({
      input: { workspaceId: 1, accountId, interval: 'weekly', weeklyAnchor: 'friday', monthlyAnchor: null, delayDays: '2' },
    });

    await user.selectOptions(screen.getByTestId('payout-schedule-interval'), 'monthly');
    const day = screen.getByTestId('payout-schedule-monthly-anchor');
    await user.clear(day);
    await user.type(day, '32');
    const delay = screen.getByTestId('payout-schedule-delay-days');
    await user.clear(delay);
    await user.type(delay, '1');
    await user.click(screen.getByTestId('payout-schedule-save'));
    expect(await screen.findByTestId('payout-schedule-monthly-anchor-error')).toHaveTextContent('from 1 to 31');
    expect(screen.getByTestId('payout-schedule-delay-days-error')).toHaveTextContent('at least 2 days');

    await user.selectOptions(screen.getByTestId('payout-schedule-interval'), 'daily');
    await user.clear(delay);
    await user.type(delay, '40');
    await user.click(screen.getByTestId('payout-schedule-save'));
    await waitFor(() => expect(screen.getByTestId('payout-schedule-delay-days-error')).toHaveTextContent('Stripe said: Invalid delay_days'));
    expect(screen.getByTestId('payout-schedule-summary')).toHaveTextContent('Every Friday');
  });
});
