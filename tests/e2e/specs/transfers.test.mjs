// Transfers and balances, end to end on the real app (offline sandbox): as the first Admin, a
// workspace with a connection and a Custom account that finished onboarding; funds made
// available on the sandbox's platform through its API (Stripe's pm_card_bypassPending test card);
// then a $100.00 transfer from the create dialog (which shows the platform's available balance),
// half of it reversed from the detail, and the account's balance in Balances. DOM only.
//
// E2E_SHOTS_DIR=<dir> also saves screenshots of the dialog, the detail, the list and Balances.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, flow } from '../lib/app.mjs';
import { fill, press, shot } from '../lib/steps.mjs';
import { visible, texts, count, until } from '../lib/dom.mjs';
import { fundPlatform, onboardCustomAccount, tight, workspaceWithConnection } from '../lib/money.mjs';

const WORKSPACE = 'Tip Jar';
const MERCHANT = {
  merchantId: 'merchant_e2e_tips',
  email: 'owner@tips.example',
  country: 'US',
  businessType: 'company',
};

/** The panel's available amount in USD, as shown. */
async function availableUsd(browser, panel) {
  await visible(browser, `${panel}-line`);
  const lines = await browser.$$(`[data-testid="${panel}-line"][data-currency="usd"] [data-testid="${panel}-available"]`);
  return lines.length ? tight(await lines[0].getText()) : null;
}

describe('transfers', () => {
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

  step(`"${WORKSPACE}" with a connection and an onboarded Custom account; $500 made available on the platform`, async (browser) => {
    sandbox = await workspaceWithConnection(browser, WORKSPACE);
    account = await onboardCustomAccount(browser, sandbox, MERCHANT);
    await fundPlatform(sandbox, 50_000);
  });

  step('New transfer shows the platform’s available balance and sends $100.00', async (browser) => {
    await press(browser, 'nav-transfers');
    await visible(browser, 'transfers-empty');
    await press(browser, 'transfers-create');
    const select = await visible(browser, 'transfer-account');
    assert.equal(await select.getValue(), account);
    const available = await until(browser, async () => {
      const [shown] = await texts(browser, 'transfer-available');
      return shown?.startsWith('Available on the platform') ? shown : null;
    }, 'the form does not show the platform’s available balance');
    assert.match(tight(available), /^Availableontheplatform:\$\d[\d,]*\.\d\d$/);
    await fill(browser, 'transfer-amount', '100.00');
    await fill(browser, 'transfer-description', 'Weekly tip payout');
    await shot(browser, 'transfers-create');
    await press(browser, 'transfer-submit');
    await visible(browser, 'transfer-detail');
    assert.equal(tight((await texts(browser, 'transfer-detail-amount'))[0]), '$100.00');
    assert.equal((await texts(browser, 'transfer-detail-status'))[0], 'Paid');
  });

  step('reverses half of it from the detail: partially reversed, with the reversal listed', async (browser) => {
    await press(browser, 'transfer-reverse');
    await visible(browser, 'reverse-dialog');
    await fill(browser, 'reverse-amount', '50.00');
    await fill(browser, 'reverse-description', 'Half back: error correction');
    await press(browser, 'reverse-submit');
    await until(browser, async () => (await texts(browser, 'transfer-detail-status'))[0] === 'Partially reversed',
      'the transfer is not partially reversed');
    assert.equal(tight((await texts(browser, 'transfer-detail-reversed'))[0]), '$50.00');
    assert.deepEqual((await texts(browser, 'transfer-reversal-amount')).map(tight), ['$50.00']);
    await shot(browser, 'transfers-detail');
    await press(browser, 'transfer-detail-close');
    await until(browser, async () => (await count(browser, 'transfer-row')) === 1, 'the transfer is not listed');
    assert.equal((await texts(browser, 'transfer-row-status'))[0], 'Partially reversed');
    await shot(browser, 'transfers-list');
  });

  step('Balances shows the account holding the $50.00 that stayed', async (browser) => {
    await press(browser, 'nav-balances');
    await visible(browser, 'balances-platform');
    assert.equal(await (await visible(browser, 'balances-account')).getValue(), account);
    const held = await until(browser, () => availableUsd(browser, 'balances-account-panel'),
      'no USD line in the account’s balance');
    assert.equal(held, '$50.00');
    assert.match(await availableUsd(browser, 'balances-platform'), /^\$\d[\d,]*\.\d\d$/);
    await shot(browser, 'balances');
  });
});
