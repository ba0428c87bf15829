// Platform fees, end to end on the real app: an Admin onboards a merchant, sets up the USD schedule
// (default, two tiers, an override for that merchant) with one mistake, sees the core's message next
// to the cell, fixes it, saves, sees the tiers kept, and previews the fee for the merchant (the
// override, and capped at a small amount).
//
// E2E_SHOTS_DIR=<dir> also saves screenshots of the refused save, the saved schedule and the preview.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchApp, flow } from '../lib/app.mjs';
import { answerWizardField, createActiveWorkspace, dismissToasts, fill, press, shot } from '../lib/steps.mjs';
import { tid, visible, texts, count, until } from '../lib/dom.mjs';

const WORKSPACE = 'Acme Marketplace';
const MERCHANT = {
  merchantId: 'merchant_e2e_enterprise',
  email: 'owner@enterprise-shop.example',
  country: 'US',
  businessType: 'individual',
  'businessProfile.name': 'Enterprise Shop',
  'businessProfile.mcc': '5812',
  'businessProfile.url': 'https://enterprise-shop.example',
};

/** Money as shown, without the spaces some locales put between symbol and amount ("$ 0.30"). */
const compact = (text) => (text ?? '').replace(/\s+/g, '');

/** The `index`th element with this test id (0-based), once it exists. */
async function nth(browser, id, index) {
  return until(browser, async () => {
    const all = await browser.$$(tid(id));
    return all.length > index ? all[index] : null;
  }, `no ${tid(id)} #${index}`);
}

async function fillNth(browser, id, index, value) {
  const input = await nth(browser, id, index);
  await input.clearValue();
  await input.setValue(value);
  assert.equal(await input.getValue(), value, `${tid(id)} #${index} does not hold what was typed`);
}

describe('platform fees', () => {
  let app;
  let linksDir;
  const step = flow(() => app, it);

  before(async () => {
    linksDir = mkdtempSync(join(tmpdir(), 'connectdesk-e2e-links-'));
    app = await launchApp({ env: { CONNECTDESK_OPENED_LINKS_FILE: join(linksDir, 'opened-links.txt') } });
  });
  after(async () => {
    await app?.close();
    if (linksDir) rmSync(linksDir, { recursive: true, force: true });
  });

  step(`"${WORKSPACE}" onboards ${MERCHANT.merchantId}`, async (browser) => {
    await createActiveWorkspace(browser, WORKSPACE);
    await press(browser, 'nav-onboarding');
    await press(browser, 'onboarding-create');
    await press(browser, 'onboarding-next');
    for (const [field, value] of Object.entries(MERCHANT)) await answerWizardField(browser, field, value);
    await press(browser, 'onboarding-next');
    await press(browser, 'onboarding-open');
    await visible(browser, 'onboarding-link-url');
    await press(browser, 'onboarding-close');
    await until(browser, async () => (await count(browser, 'onboarding-row')) === 1, 'the onboarding entry is not listed');
  });

  step('the Admin types a schedule with a gap between the tiers, and sees the problem next to its cell', async (browser) => {
    await press(browser, 'nav-fees');
    const note = await visible(browser, 'fees-new-note');
    assert.match(await note.getText(), /No USD schedule yet/);
    await fill(browser, 'fees-default-percent', '2.9');
    await fill(browser, 'fees-default-fixed', '30');
    assert.equal(compact(await (await visible(browser, 'fees-default-fixed-hint')).getText()), '=$0.30');

    await press(browser, 'fees-tier-add');
    assert.equal(await (await nth(browser, 'fees-tier-volumeMin', 0)).getValue(), '0');
    await fillNth(browser, 'fees-tier-volumeMax', 0, '10000');
    await fillNth(browser, 'fees-tier-feePercent', 0, '3.0');
    await fillNth(browser, 'fees-tier-feeFixed', 0, '30');
    await press(browser, 'fees-tier-add');
    await fillNth(browser, 'fees-tier-volumeMin', 1, '10002'); // the mistake: 10,001 is in no tier
    await fillNth(browser, 'fees-tier-volumeMax', 1, '50000');
    await fillNth(browser, 'fees-tier-feePercent', 1, '2.5');
    await fillNth(browser, 'fees-tier-feeFixed', 1, '25');

    await press(browser, 'fees-override-add');
    const merchant = await nth(browser, 'fees-override-merchantId', 0);
    await until(browser, async () => (await merchant.$$(`option[value="${MERCHANT.merchantId}"]`)).length > 0,
      `the override offers no ${MERCHANT.merchantId}`);
    await merchant.selectByAttribute('value', MERCHANT.merchantId);
    await fillNth(browser, 'fees-override-feePercent', 0, '2.0');
    await fillNth(browser, 'fees-override-feeFixed', 0, '20');
    await fillNth(browser, 'fees-override-reason', 0, 'Enterprise agreement');

    await press(browser, 'fees-save');
    const rows = await until(browser, async () => {
      const found = await browser.$$(tid('fees-tier-row'));
      return found.length === 2 && (await found[1].$(tid('fees-tier-volumeMin-error')).isExisting()) ? found : null;
    }, 'no error at the second tier’s volume min');
    const error = await rows[1].$(tid('fees-tier-volumeMin-error'));
    assert.match(await error.getText(), /gap after the tier 0–10,000: start it at 10,001\./);
    assert.equal(await count(browser, 'fees-default-percent-error'), 0);
    assert.equal(await (await nth(browser, 'fees-tier-volumeMin', 1)).getValue(), '10002', 'the refused form lost what was typed');
    assert.equal(await count(browser, 'fees-delete'), 0, 'a refused save left a schedule');
    await shot(browser, 'fees-refused');
  });

  step('the fixed schedule saves, and the preview shows the override’s fee', async (browser) => {
    await fillNth(browser, 'fees-tier-volumeMin', 1, '10001');
    assert.equal(await count(browser, 'fees-tier-volumeMin-error'), 0, 'the error stayed after the fix');
    await press(browser, 'fees-save');
    await visible(browser, 'fees-delete');
    assert.equal(await count(browser, 'fees-new-note'), 0);
    const mins = await browser.execute((sel) => Array.from(document.querySelectorAll(sel), (input) => input.value), tid('fees-tier-volumeMin'));
    assert.deepEqual(mins, ['0', '10001']);
    await dismissToasts(browser);
    await shot(browser, 'fees-saved');

    const merchant = await visible(browser, 'fees-preview-merchant');
    await merchant.selectByAttribute('value', MERCHANT.merchantId);
    await fill(browser, 'fees-preview-amount', '25.00');
    await press(browser, 'fees-preview-submit');
    await until(browser, async () => compact((await texts(browser, 'fees-preview-fee'))[0]) === '$0.70', 'the preview does not show $0.70');
    assert.deepEqual(await texts(browser, 'fees-preview-rule'), ['Override']);
    const [why] = await texts(browser, 'fees-preview-explanation');
    assert.equal(why, `Override for ${MERCHANT.merchantId} (Enterprise agreement): 2 % + $0.20`);
    assert.equal(await count(browser, 'fees-preview-capped'), 0);
    await browser.execute((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'end' }), tid('fees-preview-result'));
    await shot(browser, 'fees-preview');

    await fill(browser, 'fees-preview-amount', '0.10');
    await press(browser, 'fees-preview-submit');
    await until(browser, async () => compact((await texts(browser, 'fees-preview-fee'))[0]) === '$0.10', 'the small payment’s fee is not capped at $0.10');
    assert.deepEqual(await texts(browser, 'fees-preview-capped'), ['Capped']);
  });
});
