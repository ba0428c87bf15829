// Payments, end to end on the real app (offline sandbox): as the first Admin, create a workspace,
// a connection and a Custom onboarding entry whose account data is completed through the
// sandbox's API (as a platform does for Custom accounts), then take a payment with an own
// application fee, pay it with a test card, refund part of it with the fee's share and see the
// refunded fee in the detail panel. DOM assertions only, through data-testid.
//
// E2E_SHOTS_DIR=<dir> also saves screenshots of the create dialog, the list and the detail there.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchApp, flow } from '../lib/app.mjs';
import { createActiveWorkspace, fill, onboardCustomAccount, press } from '../lib/steps.mjs';
import { visible, texts, count, until } from '../lib/dom.mjs';

const WORKSPACE = 'Grill Market';
const MERCHANT = {
  merchantId: 'merchant_e2e_grill',
  email: 'owner@grill.example',
  country: 'US',
  businessType: 'company',
};

/** Money as shown, without spaces: the webview's locale may put one after the symbol ("$ 1.00"). */
const tight = (text) => text.replace(/[\s\u00a0\u202f]+/g, '');

async function shot(browser, name) {
  const dir = process.env.E2E_SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.png`), Buffer.from(await browser.takeScreenshot(), 'base64'));
}

describe('payments', () => {
  let app;
  let linksDir;
  let sandbox;
  let account;
  let intent;
  const step = flow(() => app, it);

  before(async () => {
    linksDir = mkdtempSync(join(tmpdir(), 'connectdesk-e2e-links-'));
    app = await launchApp({ env: { CONNECTDESK_OPENED_LINKS_FILE: join(linksDir, 'opened-links.txt') } });
  });
  after(async () => {
    await app?.close();
    if (linksDir) rmSync(linksDir, { recursive: true, force: true });
  });

  step(`creates "${WORKSPACE}" with a connection, and reads the sandbox address`, async (browser) => {
    await createActiveWorkspace(browser, WORKSPACE);
    await press(browser, 'nav-connections');
    await press(browser, 'connection-create');
    await fill(browser, 'connection-name', 'Grill test platform');
    await fill(browser, 'connection-api-key', 'sk_test_51Nv0FGQ9RKHgCVdKgrill00e2e');
    await press(browser, 'connection-submit');
    await until(browser, async () => (await count(browser, 'connection-row')) === 1, 'the connection was not saved');
    await press(browser, 'nav-settings');
    sandbox = (await (await visible(browser, 'settings-sandbox-url')).getText()).trim();
    assert.match(sandbox, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  step('a Custom onboarding entry, completed through the sandbox API, can take charges', async (browser) => {
    account = await onboardCustomAccount(browser, sandbox, MERCHANT);
  });

  step('New payment with an own application fee shows the payment and its client secret', async (browser) => {
    await press(browser, 'nav-payments');
    await visible(browser, 'payments-empty');
    await press(browser, 'payments-create');
    const select = await visible(browser, 'payment-account');
    assert.equal(await select.getValue(), account);
    await fill(browser, 'payment-amount', '25.00');
    await fill(browser, 'payment-order-id', 'order_e2e_1');
    await fill(browser, 'payment-customer-email', 'jenny@example.com');
    await press(browser, 'payment-own-fee');
    await fill(browser, 'payment-fee-amount', '1.00');
    await fill(browser, 'payment-fee-reason', 'E2E launch fee');
    await shot(browser, 'payments-create');
    await press(browser, 'payment-submit');
    await visible(browser, 'payment-result');
    intent = (await (await visible(browser, 'payment-result-id')).getText()).trim();
    assert.match(intent, /^pi_\w+$/);
    const secret = (await (await visible(browser, 'payment-result-secret')).getText()).trim();
    assert.match(secret, new RegExp(`^${intent}_secret_\\w+$`));
    assert.equal(tight(await (await visible(browser, 'payment-result-fee')).getText()), '$1.00');
    assert.match(await (await visible(browser, 'payment-result-fee-rule')).getText(), /Set by an Admin: E2E launch fee/);
    await shot(browser, 'payments-created');
    await press(browser, 'payment-result-close');
    await until(browser, async () => (await count(browser, 'payment-row')) === 1, 'the new payment is not listed');
    const [amount] = await texts(browser, 'payment-row-amount');
    assert.equal(tight(amount), '$25.00');
  });

  step('pays with a test card, then refunds $5.00 with the fee’s share', async (browser) => {
    await press(browser, 'payment-open');
    await visible(browser, 'payment-detail');
    await press(browser, 'payment-pay-test-card');
    await until(browser, async () => (await texts(browser, 'payment-detail-status'))[0] === 'Succeeded',
      'the payment did not succeed with the test card');
    assert.equal((await texts(browser, 'payment-detail-card'))[0], 'visa •••• 4242');
    await press(browser, 'payment-refund');
    await visible(browser, 'refund-dialog');
    await fill(browser, 'refund-amount', '5.00');
    await (await visible(browser, 'refund-reason')).selectByAttribute('value', 'requested_by_customer');
    await press(browser, 'refund-submit');
    const outcome = await until(browser, async () => (await texts(browser, 'payment-refund-outcome'))[0] || null,
      'no refund outcome in the detail');
    assert.equal(tight(outcome), tight('Refunded $5.00; $0.20 of the application fee returned.'));
    assert.equal(tight((await texts(browser, 'payment-detail-fee-refunded'))[0]), '($0.20refunded)');
    assert.deepEqual((await texts(browser, 'payment-refund-fee')).map(tight), ['$0.20']);
    await shot(browser, 'payments-detail');
    await press(browser, 'payment-detail-close');
    await until(browser, async () => (await texts(browser, 'payment-row-status'))[0] === 'Partly refunded',
      'the row does not show the refund');
    await shot(browser, 'payments-list');
  });
});
