// Connected accounts, end to end on the real app (offline sandbox): an Express account made at
// the sandbox directly (outside ConnectDesk) shows up after Sync from Stripe with its status in
// words, and its detail lists what Stripe still needs. DOM assertions only, through data-testid.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, flow } from '../lib/app.mjs';
import { createActiveWorkspace, press, shot } from '../lib/steps.mjs';
import { tid, visible, texts, count, until } from '../lib/dom.mjs';

const WORKSPACE = 'Kiosk Platform';
/** The key the app itself uses with its offline sandbox (crates/core/src/stripe_access.rs). */
const SANDBOX_KEY = 'sk_test_connectdeskSandbox0001';

/** An Express account created through the sandbox's API, as another tool would. */
async function accountMadeElsewhere(sandbox) {
  const form = new URLSearchParams({
    type: 'express',
    country: 'US',
    email: 'owner@kiosk.example',
    'business_profile[name]': 'Kiosk Corner',
    'capabilities[card_payments][requested]': 'true',
    'capabilities[transfers][requested]': 'true',
  });
  const res = await fetch(`${sandbox}/v1/accounts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SANDBOX_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  assert.equal(res.status, 200, `creating the account answered ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body).id;
}

describe('accounts', () => {
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

  step(`creates "${WORKSPACE}" and an account at the sandbox`, async (browser) => {
    await createActiveWorkspace(browser, WORKSPACE);
    await press(browser, 'nav-settings');
    sandbox = (await (await visible(browser, 'settings-sandbox-url')).getText()).trim();
    assert.match(sandbox, /^http:\/\/127\.0\.0\.1:\d+$/);
    account = await accountMadeElsewhere(sandbox);
  });

  step('Sync from Stripe brings in the account made elsewhere, with its status in words', async (browser) => {
    await press(browser, 'nav-accounts');
    await visible(browser, 'accounts-empty');
    await press(browser, 'accounts-sync');
    await until(browser, async () => (await count(browser, 'account-row')) === 1, 'the synced account is not listed');
    const [row] = await texts(browser, 'account-row');
    assert.match(row, new RegExp(account));
    assert.match(row, /Kiosk Corner/);
    assert.deepEqual(await texts(browser, 'account-row-status'), ['Pending']);
  });

  step('its detail lists what Stripe still needs', async (browser) => {
    await press(browser, 'account-open');
    await visible(browser, 'account-detail');
    const todo = await until(browser, async () => {
      const items = await texts(browser, 'account-to-do-item');
      return items.length ? items : null;
    }, 'no to-do list in the account detail');
    assert.ok(todo.some((line) => /Bank account for payouts/.test(line)), todo.join(' | '));
    assert.ok(todo.some((line) => /Overdue/.test(line)), todo.join(' | '));
    const [status] = await texts(browser, 'account-detail-status-detail');
    assert.match(status, /Onboarding is not complete/);
  });

  step('its detail shows the account’s balance, payout schedule, payouts and transfers', async (browser) => {
    await visible(browser, 'account-panel-balance');
    // A new account holds nothing yet: Stripe answers zero in its currency (or no line at all).
    const balance = await until(browser, async () => {
      const lines = await texts(browser, 'balance-available');
      if (lines.length) return lines;
      return (await browser.$(tid('balance-empty')).isExisting()) ? ['empty'] : null;
    }, 'the account detail shows no balance');
    assert.ok(balance.every((line) => /^\$\s?0\.00$/.test(line) || line === 'empty'), balance.join(' | '));
    await shot(browser, 'account-detail-panels');
    const summary = await until(browser, async () => (await texts(browser, 'payout-schedule-summary'))[0] || null,
      'the account detail shows no payout schedule');
    assert.match(summary, /^(Every|Manual|Monthly)/, JSON.stringify(summary));
    await visible(browser, 'account-payouts-empty');
    await visible(browser, 'account-transfers-empty');
    await press(browser, 'account-detail-close');
    await until(browser, async () => !(await browser.$(tid('account-detail')).isExisting()), 'the detail did not close');
  });
});
