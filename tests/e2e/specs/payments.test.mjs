// Payments, end to end on the real app (offline sandbox): as the first Admin, create a workspace,
// a connection and a Custom onboarding entry whose account data is completed through the
// sandbox's API (as a platform does for Custom accounts), set the fee rules with an override for
// its merchant and preview a fee, take a payment whose application fee equals the preview, pay it
// with a test card, refund part of it with the fee's share and see the refunded fee; then a
// payment with an Admin's own fee, the CSV export, and Support's refund limit. DOM assertions
// only, through data-testid.
//
// E2E_SHOTS_DIR=<dir> also saves screenshots of the create dialog, the list and the detail there.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchApp, flow } from '../lib/app.mjs';
import { fill, press, shot } from '../lib/steps.mjs';
import { visible, texts, count, until } from '../lib/dom.mjs';
import { onboardCustomAccount, tight, workspaceWithConnection } from '../lib/money.mjs';

const WORKSPACE = 'Grill Market';
const MERCHANT = {
  merchantId: 'merchant_e2e_grill',
  email: 'owner@grill.example',
  country: 'US',
  businessType: 'company',
};

describe('payments', () => {
  let app;
  let linksDir;
  let sandbox;
  let account;
  let intent;
  let previewFee;
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
    sandbox = await workspaceWithConnection(browser, WORKSPACE);
  });

  step('a Custom onboarding entry, completed through the sandbox API, can take charges', async (browser) => {
    account = await onboardCustomAccount(browser, sandbox, MERCHANT);
  });

  step('the Admin sets the USD fee rules with an override for the merchant, and previews $25.00', async (browser) => {
    await press(browser, 'nav-fees');
    await visible(browser, 'fees-new-note');
    await fill(browser, 'fees-default-percent', '2.9');
    await fill(browser, 'fees-default-fixed', '30');
    await press(browser, 'fees-override-add');
    const merchant = await visible(browser, 'fees-override-merchantId');
    await until(browser, async () => (await merchant.$$(`option[value="${MERCHANT.merchantId}"]`)).length > 0,
      `the override offers no ${MERCHANT.merchantId}`);
    await merchant.selectByAttribute('value', MERCHANT.merchantId);
    await fill(browser, 'fees-override-feePercent', '2.0');
    await fill(browser, 'fees-override-feeFixed', '20');
    await fill(browser, 'fees-override-reason', 'Launch partner');
    await press(browser, 'fees-save');
    await visible(browser, 'fees-delete');
    await (await visible(browser, 'fees-preview-merchant')).selectByAttribute('value', MERCHANT.merchantId);
    await fill(browser, 'fees-preview-amount', '25.00');
    await press(browser, 'fees-preview-submit');
    previewFee = await until(browser, async () => tight((await texts(browser, 'fees-preview-fee'))[0] ?? '') || null,
      'the preview shows no fee');
    assert.equal(previewFee, '$0.70');
  });

  step('New payment of $25.00 for that merchant carries exactly the previewed fee', async (browser) => {
    await press(browser, 'nav-payments');
    await visible(browser, 'payments-empty');
    await press(browser, 'payments-create');
    const select = await visible(browser, 'payment-account');
    assert.equal(await select.getValue(), account);
    await fill(browser, 'payment-amount', '25.00');
    await fill(browser, 'payment-order-id', 'order_e2e_1');
    await fill(browser, 'payment-customer-email', 'jenny@example.com');
    await shot(browser, 'payments-create');
    await press(browser, 'payment-submit');
    await visible(browser, 'payment-result');
    intent = (await (await visible(browser, 'payment-result-id')).getText()).trim();
    assert.match(intent, /^pi_\w+$/);
    const secret = (await (await visible(browser, 'payment-result-secret')).getText()).trim();
    assert.match(secret, new RegExp(`^${intent}_secret_\\w+$`));
    assert.equal(tight(await (await visible(browser, 'payment-result-fee')).getText()), previewFee);
    assert.match(await (await visible(browser, 'payment-result-fee-rule')).getText(), /Override for merchant_e2e_grill \(Launch partner\)/);
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
    // 5.00 of 25.00 gives back a fifth of the 0.70 fee.
    assert.equal(tight(outcome), tight('Refunded $5.00; $0.14 of the application fee returned.'));
    assert.equal(tight((await texts(browser, 'payment-detail-fee-refunded'))[0]), '($0.14refunded)');
    assert.deepEqual((await texts(browser, 'payment-refund-fee')).map(tight), ['$0.14']);
    await shot(browser, 'payments-detail');
    await press(browser, 'payment-detail-close');
    await until(browser, async () => (await texts(browser, 'payment-row-status'))[0] === 'Partly refunded',
      'the row does not show the refund');
  });

  step('an Admin’s own fee replaces the rules, with its reason', async (browser) => {
    await press(browser, 'payments-create');
    await fill(browser, 'payment-amount', '10.00');
    await press(browser, 'payment-own-fee');
    await fill(browser, 'payment-fee-amount', '1.00');
    await fill(browser, 'payment-fee-reason', 'E2E launch fee');
    await press(browser, 'payment-submit');
    await visible(browser, 'payment-result');
    assert.equal(tight(await (await visible(browser, 'payment-result-fee')).getText()), '$1.00');
    assert.match(await (await visible(browser, 'payment-result-fee-rule')).getText(), /Set by an Admin: E2E launch fee/);
    await press(browser, 'payment-result-close');
    await until(browser, async () => (await count(browser, 'payment-row')) === 2, 'the second payment is not listed');
    await shot(browser, 'payments-list');
  });

  step('Export CSV saves the payments of the current filter', async (browser) => {
    await press(browser, 'payments-export');
    const toast = await until(browser, async () => (await texts(browser, 'toast'))[0] || null, 'no toast after Export CSV');
    assert.match(toast, /Saved 2 payments of the current filter to .*connectdesk-payments-\d+\.csv/);
  });

  step('Support refund limits: a third decimal is refused next to the field; $5.00 is kept', async (browser) => {
    await press(browser, 'payments-refund-limits');
    await visible(browser, 'refund-limits-none');
    await fill(browser, 'refund-limit-amount', '5.001');
    await press(browser, 'refund-limit-save');
    const error = await visible(browser, 'refund-limit-amount-error');
    assert.equal(await error.getText(), 'USD has 2 decimals at most.');
    await fill(browser, 'refund-limit-amount', '5.00');
    await press(browser, 'refund-limit-save');
    await until(browser, async () => (await count(browser, 'refund-limit-row')) === 1, 'the limit is not listed');
    assert.deepEqual((await texts(browser, 'refund-limit-row')).map(tight), ['USD$5.00']);
    await shot(browser, 'payments-refund-limits');
  });
});
