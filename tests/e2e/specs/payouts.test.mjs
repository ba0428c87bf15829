// Payouts, end to end on the real app (offline sandbox): as the first Admin, a workspace with a
// connection and a Custom account (completed through the sandbox API, funded by a transfer
// from the platform as a platform's backend would); in Payouts set its schedule to weekly on
// Friday and see the next payout date (a Friday), then to manual, create a payout and watch it
// go pending → in transit → paid while the sandbox's clock is moved forward from Settings.
// DOM assertions only, through data-testid.
//
// E2E_SHOTS_DIR=<dir> also saves screenshots of the Payouts section and its charts there.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, flow } from '../lib/app.mjs';
import { createActiveWorkspace, dismissToasts, fill, press, shot } from '../lib/steps.mjs';
import { onboardCustomAccount, sandboxPost, tight } from '../lib/money.mjs';
import { visible, texts, count, until } from '../lib/dom.mjs';

const WORKSPACE = 'Payout Market';
const MERCHANT = {
  merchantId: 'merchant_e2e_payouts',
  email: 'owner@payouts.example',
  country: 'US',
  businessType: 'company',
};

async function selectValue(browser, id, value) {
  const select = await visible(browser, id);
  await until(browser, async () => (await select.$$(`option[value="${value}"]`)).length > 0, `${id} offers no "${value}"`);
  await select.selectByAttribute('value', value);
}

async function summary(browser) {
  return (await texts(browser, 'payout-schedule-summary'))[0] ?? '';
}

describe('payouts', () => {
  let app;
  let sandbox;
  let account;
  const step = flow(() => app, it);

  before(async () => {
    app = await launchApp();
  });
  after(async () => {
    await app?.close();
  });

  step(`creates "${WORKSPACE}" with a connection and a funded Custom account`, async (browser) => {
    await createActiveWorkspace(browser, WORKSPACE);
    await press(browser, 'nav-connections');
    await press(browser, 'connection-create');
    await fill(browser, 'connection-name', 'Payout test platform');
    await fill(browser, 'connection-api-key', 'sk_test_51Nv0FGQ9RKHgCVdKpayout0e2e');
    await press(browser, 'connection-submit');
    await until(browser, async () => (await count(browser, 'connection-row')) === 1, 'the connection was not saved');
    await press(browser, 'nav-settings');
    sandbox = (await (await visible(browser, 'settings-sandbox-url')).getText()).trim();
    assert.match(sandbox, /^http:\/\/127\.0\.0\.1:\d+$/);
    account = await onboardCustomAccount(browser, sandbox, MERCHANT);
    // The platform's own sales (available at once with this test card), moved to the account.
    await sandboxPost(sandbox, '/v1/payment_intents', {
      amount: '10000', currency: 'usd', confirm: 'true', payment_method: 'pm_card_bypassPending',
    });
    await sandboxPost(sandbox, '/v1/transfers', { amount: '6000', currency: 'usd', destination: account });
  });

  step('sets the schedule to weekly on Friday and shows the next payout date', async (browser) => {
    await press(browser, 'nav-payouts');
    await visible(browser, 'payouts-account-panel');
    assert.equal(await (await visible(browser, 'payouts-panel-account')).getValue(), account);
    await until(browser, async () => (await summary(browser)).startsWith('Every day'), 'the daily schedule is not shown');
    await selectValue(browser, 'payout-schedule-interval', 'weekly');
    await selectValue(browser, 'payout-schedule-weekly-anchor', 'friday');
    await fill(browser, 'payout-schedule-delay-days', '2');
    await press(browser, 'payout-schedule-save');
    await until(browser, async () => (await summary(browser)).startsWith('Every Friday'), 'the weekly schedule is not shown');
    const [next] = await texts(browser, 'payout-schedule-next-date');
    assert.match(next, /^Friday/, `next payout date: ${next}`);
  });

  step('creates a manual payout and watches it become paid as the sandbox clock moves', async (browser) => {
    await selectValue(browser, 'payout-schedule-interval', 'manual');
    await press(browser, 'payout-schedule-save');
    await until(browser, async () => (await summary(browser)).startsWith('Manual'), 'the manual schedule is not shown');
    await visible(browser, 'payouts-empty');
    await press(browser, 'payouts-create');
    await visible(browser, 'payout-form');
    assert.equal(await (await visible(browser, 'payout-form-account')).getValue(), account);
    await fill(browser, 'payout-form-amount', '20.00');
    await press(browser, 'payout-form-submit');
    await until(browser, async () => (await count(browser, 'payout-row')) === 1, 'the new payout is not listed');
    assert.equal(tight((await texts(browser, 'payout-row-amount'))[0]), '$20.00');
    assert.equal((await texts(browser, 'payout-row-status'))[0], 'Pending');
    assert.match((await texts(browser, 'payout-row-bank'))[0], /STRIPE TEST BANK ••••6789/);

    const seen = ['Pending'];
    for (let day = 1; day <= 6 && seen.at(-1) !== 'Paid'; day += 1) {
      await press(browser, 'nav-settings');
      const before = (await texts(browser, 'settings-sandbox-clock-now'))[0];
      await press(browser, 'settings-sandbox-clock-advance-24');
      await until(browser, async () => (await texts(browser, 'settings-sandbox-clock-now'))[0] !== before,
        'the sandbox clock did not move');
      await press(browser, 'nav-payouts');
      await visible(browser, 'payout-row');
      await press(browser, 'payouts-sync');
      // The toast says the sync is done; the table then reloads from the store.
      await until(browser, async () => (await texts(browser, 'toast')).some((t) => t.includes('synced from Stripe')),
        'no toast after Sync from Stripe');
      await until(browser, async () => (await browser.$$('table[aria-busy="true"]')).length === 0,
        'the payouts table kept loading');
      const [status] = await texts(browser, 'payout-row-status');
      if (status !== seen.at(-1)) seen.push(status);
    }
    assert.deepEqual(seen, ['Pending', 'In transit', 'Paid']);
    await shot(browser, 'payouts-paid');
    // The account panel sits above the table: bring the row's button into view first.
    await dismissToasts(browser);
    const open = await visible(browser, 'payout-open');
    await open.scrollIntoView({ block: 'center' });
    await open.click();
    await visible(browser, 'payout-detail');
    assert.equal((await texts(browser, 'payout-detail-status'))[0], 'Paid');
    assert.match((await texts(browser, 'payout-detail-meaning'))[0], /arrived in the bank account/);
    await press(browser, 'payout-detail-close');
  });
});
