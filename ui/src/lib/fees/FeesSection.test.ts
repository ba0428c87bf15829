import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CoreError, FeeQuote } from '../bindings';
import { asSupport } from '../../test/operatorStatus';
import { recordedAnswer, replay, type Override, type ScenarioName } from '../../test/replay';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import FeesSection from './FeesSection.svelte';

// Every answer comes from the real core (ui/src/test/fixtures/fees.json): Acme has the onboarding
// merchants merchant_123 and merchant_456; `fees/saved` has the seed's USD schedule and a
// default-only EUR one.
async function setup(name: ScenarioName, override?: Override) {
  const recording = replay(name, override);
  const app = new AppStatusStore();
  await app.refresh();
  const toaster = new Toaster();
  const context = new Map<unknown, unknown>([
    [APP_STATUS_CONTEXT_KEY, app],
    [TOASTER_CONTEXT_KEY, toaster],
  ]);
  render(FeesSection, { context });
  return { user: userEvent.setup(), toaster, ...recording };
}

type User = ReturnType<typeof userEvent.setup>;

async function retype(user: User, input: HTMLElement, text: string) {
  await user.clear(input);
  if (text !== '') await user.type(input, text);
}

function cells(testid: string): HTMLElement[] {
  return screen.getAllByTestId(testid);
}

/** Types the example tiers and override as the recording has them; `second` overrides row 2. */
async function typeSchedule(user: User, values: { percent: string; secondMin: string; secondFixed: string; reason: string }) {
  await user.type(screen.getByTestId('fees-default-percent'), values.percent);
  await user.type(screen.getByTestId('fees-default-fixed'), '30');
  await user.click(screen.getByTestId('fees-tier-add'));
  await user.type(cells('fees-tier-volumeMax')[0]!, '10000');
  await user.type(cells('fees-tier-feePercent')[0]!, '3.0');
  await user.type(cells('fees-tier-feeFixed')[0]!, '30');
  await user.click(screen.getByTestId('fees-tier-add'));
  // The new row starts right after the previous one.
  expect(cells('fees-tier-volumeMin')[1]).toHaveValue('10001');
  await retype(user, cells('fees-tier-volumeMin')[1]!, values.secondMin);
  await user.type(cells('fees-tier-volumeMax')[1]!, '50000');
  await user.type(cells('fees-tier-feePercent')[1]!, '2.5');
  await user.type(cells('fees-tier-feeFixed')[1]!, values.secondFixed);
  await user.click(screen.getByTestId('fees-override-add'));
  await user.selectOptions(cells('fees-override-merchantId')[0]!, 'merchant_123');
  await user.type(cells('fees-override-feePercent')[0]!, '2.0');
  await user.type(cells('fees-override-feeFixed')[0]!, '20');
  if (values.reason) await user.type(cells('fees-override-reason')[0]!, values.reason);
}

/** The cell a core field path names, as the editor renders it. */
function cellError(path: string): HTMLElement | null {
  const row = /^(feeTiers|perMerchantOverrides)\[(\d+)\]\.(\w+)$/.exec(path);
  if (!row) {
    const top: Record<string, string> = { defaultFeePercent: 'fees-default-percent', defaultFeeFixed: 'fees-default-fixed' };
    return screen.queryByTestId(`${top[path]}-error`);
  }
  const [, list, index, field] = row;
  const rows = screen.getAllByTestId(list === 'feeTiers' ? 'fees-tier-row' : 'fees-override-row');
  const prefix = list === 'feeTiers' ? 'fees-tier' : 'fees-override';
  return within(rows[Number(index)]!).queryByTestId(`${prefix}-${field}-error`);
}

describe('FeesSection', () => {
  it('starts a workspace without schedules on USD, and puts every problem of a refused save next to its cell', async () => {
    const { user, argsOf, step } = await setup('fees/empty');
    expect(await screen.findByTestId('fees-new-note')).toHaveTextContent('No USD schedule yet');
    expect(screen.getByTestId('fees-currency')).toHaveValue('usd');
    // Fixed fees are typed in minor units; the hint says what they mean.
    await user.type(screen.getByTestId('fees-default-fixed'), '30');
    expect(screen.getByTestId('fees-default-fixed-hint')).toHaveTextContent('= $0.30');
    await user.clear(screen.getByTestId('fees-default-fixed'));

    await typeSchedule(user, { percent: '2.999', secondMin: '10002', secondFixed: '25.5', reason: '' });
    await user.click(screen.getByTestId('fees-save'));

    const refused = recordedAnswer('fees/empty', 'save_fee_schedule', 0) as CoreError;
    const paths = refused.fieldErrors!.map((e) => e.field);
    expect(paths).toEqual(
      expect.arrayContaining(['defaultFeePercent', 'feeTiers[1].volumeMin', 'feeTiers[1].feeFixed', 'perMerchantOverrides[0].reason']),
    );
    await waitFor(() => expect(screen.getByTestId('fees-default-percent-error')).toBeInTheDocument());
    for (const problem of refused.fieldErrors!) {
      expect(cellError(problem.field), problem.field).toHaveTextContent(problem.message);
    }
    // Only the cells named have an error.
    expect(screen.getAllByTestId('fees-tier-row')[0]!.querySelector('.field-error')).toBeNull();
    expect(screen.getByTestId('fees-default-percent')).toHaveAttribute('aria-invalid', 'true');
    // Refused: the form keeps what was typed and nothing was saved.
    expect(cells('fees-tier-feeFixed')[1]).toHaveValue('25.5');
    expect(screen.getByTestId('fees-new-note')).toBeInTheDocument();
    expect(step()).toBe(1);

    // Fixing a cell clears its error.
    await retype(user, screen.getByTestId('fees-default-percent'), '2.9');
    expect(screen.queryByTestId('fees-default-percent-error')).not.toBeInTheDocument();
    await retype(user, cells('fees-tier-volumeMin')[1]!, '10001');
    await retype(user, cells('fees-tier-feeFixed')[1]!, '25');
    await user.type(cells('fees-override-reason')[0]!, 'Enterprise agreement');
    await user.click(screen.getByTestId('fees-save'));

    await waitFor(() => expect(screen.queryByTestId('fees-new-note')).not.toBeInTheDocument());
    expect(argsOf('save_fee_schedule')).toHaveLength(2);
    expect(document.querySelectorAll('.field-error')).toHaveLength(0);
    expect(screen.getByTestId('fees-delete')).toHaveTextContent('Delete USD schedule');
    // The saved schedule can be previewed now.
    expect(screen.getByTestId('fees-preview')).toBeInTheDocument();
  });

  it('shows the tiers in the core’s order after a save', async () => {
    const { user } = await setup('fees/sorted');
    await user.type(await screen.findByTestId('fees-default-percent'), '2.9');
    await user.type(screen.getByTestId('fees-default-fixed'), '30');
    await user.click(screen.getByTestId('fees-tier-add'));
    await retype(user, cells('fees-tier-volumeMin')[0]!, '10001');
    await user.type(cells('fees-tier-feePercent')[0]!, '2.5');
    await user.type(cells('fees-tier-feeFixed')[0]!, '25');
    await user.click(screen.getByTestId('fees-tier-add'));
    await retype(user, cells('fees-tier-volumeMin')[1]!, '0');
    await user.type(cells('fees-tier-volumeMax')[1]!, '10000');
    await user.type(cells('fees-tier-feePercent')[1]!, '3.0');
    await user.type(cells('fees-tier-feeFixed')[1]!, '30');
    await user.click(screen.getByTestId('fees-save'));

    await waitFor(() => expect(cells('fees-tier-volumeMin')[0]).toHaveValue('0'));
    expect(cells('fees-tier-volumeMax')[0]).toHaveValue('10000');
    expect(cells('fees-tier-volumeMin')[1]).toHaveValue('10001');
    expect(cells('fees-tier-volumeMax')[1]).toHaveValue('');
  });

  it('previews the fee with the rule and its explanation: override, tier, capped, default', async () => {
    const { user } = await setup('fees/saved');
    const amount = await screen.findByTestId('fees-preview-amount');
    const merchant = screen.getByTestId('fees-preview-merchant');
    const preview = async (who: string, typed: string) => {
      await user.selectOptions(screen.getByTestId('fees-preview-merchant'), who);
      await retype(user, screen.getByTestId('fees-preview-amount'), typed);
      await user.click(screen.getByTestId('fees-preview-submit'));
    };
    expect(merchant).toHaveValue('merchant_123');
    expect(amount).toHaveAttribute('placeholder', 'e.g. 25.00');

    await preview('merchant_123', '25.00');
    const override = recordedAnswer('fees/saved', 'preview_fee', 0) as FeeQuote;
    expect(override.rule).toBe('override');
    await waitFor(() => expect(screen.getByTestId('fees-preview-fee')).toHaveTextContent('$0.70'));
    expect(screen.getByTestId('fees-preview-rule')).toHaveTextContent('Override');
    expect(screen.getByTestId('fees-preview-explanation')).toHaveTextContent(override.explanation);
    expect(screen.getByTestId('fees-preview-explanation')).toHaveTextContent(/merchant_123.*Enterprise agreement/);
    expect(screen.queryByTestId('fees-preview-capped')).not.toBeInTheDocument();

    await preview('merchant_456', '25.00');
    const tier = recordedAnswer('fees/saved', 'preview_fee', 1) as FeeQuote;
    await waitFor(() => expect(screen.getByTestId('fees-preview-fee')).toHaveTextContent('$1.05'));
    expect(screen.getByTestId('fees-preview-rule')).toHaveTextContent('Tier 1');
    expect(screen.getByTestId('fees-preview-explanation')).toHaveTextContent(tier.explanation);
    expect(tier.explanation).toMatch(/^Tier 0–10,000: 3 % \+ \$0\.30, volume this month/);

    await preview('merchant_456', '0.10');
    await waitFor(() => expect(screen.getByTestId('fees-preview-capped')).toHaveTextContent('Capped'));
    expect(screen.getByTestId('fees-preview-fee')).toHaveTextContent('$0.10');

    await preview('merchant_456', '25.001');
    const refused = recordedAnswer('fees/saved', 'preview_fee', 3) as CoreError;
    expect(await screen.findByTestId('fees-preview-amount-error')).toHaveTextContent(refused.message);
    expect(screen.queryByTestId('fees-preview-result')).not.toBeInTheDocument();

    await user.selectOptions(screen.getByTestId('fees-currency'), 'eur');
    await preview('merchant_456', '10.00');
    const fallback = recordedAnswer('fees/saved', 'preview_fee', 4) as FeeQuote;
    await waitFor(() => expect(screen.getByTestId('fees-preview-rule')).toHaveTextContent('Default'));
    expect(screen.getByTestId('fees-preview-fee')).toHaveTextContent('€0.40');
    expect(screen.getByTestId('fees-preview-explanation')).toHaveTextContent(fallback.explanation);
  });

  it('deletes a currency’s schedule after confirmation and moves to the next one', async () => {
    const { user, argsOf } = await setup('fees/saved');
    await user.selectOptions(await screen.findByTestId('fees-currency'), 'eur');
    await user.click(screen.getByTestId('fees-delete'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog).toHaveTextContent('Delete the EUR fee schedule?');
    await user.click(screen.getByTestId('confirm-cancel'));
    expect(argsOf('delete_fee_schedule')).toHaveLength(0);

    await user.click(screen.getByTestId('fees-delete'));
    await user.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(argsOf('delete_fee_schedule')).toEqual([{ workspaceId: 1, currency: 'eur' }]));
    await waitFor(() => expect(screen.getByTestId('fees-currency')).toHaveValue('usd'));
    expect([...screen.getByTestId('fees-currency').querySelectorAll('option')].map((o) => o.value)).toEqual(['usd']);
  });

  it('for Support shows the schedule read-only: no editor, Save, Add currency or Delete, but the preview', async () => {
    await setup('fees/support');
    expect(await screen.findByTestId('fees-read-only')).toHaveTextContent('Read-only: you need the Admin role to change platform fees.');
    expect(screen.getByTestId('fees-view-default')).toHaveTextContent('2.9 % + $0.30');
    const tiers = screen.getAllByTestId('fees-view-tier').map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()));
    expect(tiers).toEqual([
      ['0–10,000', '3 % + $0.30'],
      ['10,001–50,000', '2.5 % + $0.25'],
    ]);
    expect(screen.getByTestId('fees-view-override')).toHaveTextContent('merchant_123');
    expect(screen.getByTestId('fees-view-override')).toHaveTextContent('Enterprise agreement');
    for (const id of ['fees-editor', 'fees-save', 'fees-add-currency', 'fees-delete', 'fees-tier-add']) {
      expect(screen.queryByTestId(id), id).not.toBeInTheDocument();
    }
    expect(screen.getByTestId('fees-preview')).toBeInTheDocument();
  });

  it('shows Support a workspace without schedules as having none, with nothing to edit', async () => {
    await setup('fees/empty', asSupport('fees/empty'));
    expect(await screen.findByTestId('fees-none')).toHaveTextContent('no fee schedule yet');
    expect(screen.queryByTestId('fees-currency')).not.toBeInTheDocument();
    expect(screen.queryByTestId('fees-editor')).not.toBeInTheDocument();
  });
});
