// Disputes, end to end on the real app (offline sandbox), as a Support operator: a payment of a
// Custom account confirmed with Stripe's disputed test card (pm_card_createDispute) opens a
// dispute; Support syncs it and finds it at the top with its countdown, fills the evidence,
// attaches a PDF through the file dialog (answered by a recorder file, as links are recorded),
// saves a draft, restarts the app and finds the draft, then submits Stripe's winning test
// evidence and sees the dispute won. The new-dispute notification is recorded, not shown.
// DOM assertions only, through data-testid.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchApp, flow } from '../lib/app.mjs';
import { addOperator, fill, press, shot, switchTo } from '../lib/steps.mjs';
import { onboardCustomAccount, sandboxPost, tight, workspaceWithConnection } from '../lib/money.mjs';
import { visible, texts, count, until } from '../lib/dom.mjs';

const WORKSPACE = 'Dispute Market';
const SUPPORT = 'Sam Support';
const ADMIN_PIN = '1357';
const SUPPORT_PIN = '2468';
const MERCHANT = {
  merchantId: 'merchant_e2e_disputes',
  email: 'owner@disputes.example',
  country: 'US',
  businessType: 'company',
};

async function openTheDispute(browser) {
  await press(browser, 'nav-disputes');
  await until(browser, async () => (await count(browser, 'dispute-row')) === 1, 'the dispute is not listed');
  await press(browser, 'dispute-row-id');
  await visible(browser, 'dispute-detail');
  // Read fresh from Stripe: the form takes input once that answer is in.
  await until(browser, async () => (await count(browser, 'dispute-detail-refreshing')) === 0, 'the dispute was not read from Stripe');
  await visible(browser, 'evidence-customer_name-input');
}

describe('disputes', () => {
  let app;
  let dir;
  let answers;
  const step = flow(() => app, it);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'connectdesk-e2e-disputes-'));
    const pdf = join(dir, 'receipt-1001.pdf');
    writeFileSync(pdf, '%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    answers = join(dir, 'dialog-answers.txt');
    writeFileSync(answers, `${pdf}\n`);
    app = await launchApp({
      env: {
        CONNECTDESK_OPENED_LINKS_FILE: join(dir, 'opened-links.txt'),
        CONNECTDESK_FILE_DIALOG_ANSWERS: answers,
        CONNECTDESK_NOTIFICATIONS_FILE: join(dir, 'notifications.jsonl'),
      },
    });
  });
  after(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  step(`as Admin: a Support operator, "${WORKSPACE}" and a disputed payment`, async (browser) => {
    await addOperator(browser, { adminPin: ADMIN_PIN, name: SUPPORT, role: 'support', pin: SUPPORT_PIN });

    const sandbox = await workspaceWithConnection(browser, WORKSPACE);
    const account = await onboardCustomAccount(browser, sandbox, MERCHANT);
    const paid = await sandboxPost(sandbox, '/v1/payment_intents', {
      amount: '4000', currency: 'usd', confirm: 'true', payment_method: 'pm_card_createDispute',
      'transfer_data[destination]': account, receipt_email: 'jenny@example.com',
    });
    assert.equal(paid.status, 'succeeded');
  });

  step('as Support: the dispute is at the top with its countdown, and a notice was given', async (browser) => {
    await switchTo(browser, SUPPORT, SUPPORT_PIN);
    await press(browser, 'nav-disputes');
    await press(browser, 'disputes-sync');
    await until(browser, async () => (await count(browser, 'dispute-row')) === 1, 'the dispute is not listed after a sync');
    assert.deepEqual((await texts(browser, 'dispute-row-amount')).map(tight), ['$40.00']);
    assert.deepEqual(await texts(browser, 'dispute-row-status'), ['Needs response']);
    const [countdown] = await texts(browser, 'dispute-row-countdown');
    assert.match(countdown, /^7 days( \d+ h)? left$/);
    await shot(browser, 'disputes-list-support');
    const notices = readFileSync(join(dir, 'notifications.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(notices.length, 1);
    assert.match(notices[0].title, /^New dispute: \$40\.00$/);
  });

  step('fills the evidence, attaches a PDF through the file dialog and saves a draft', async (browser) => {
    await openTheDispute(browser);
    await fill(browser, 'evidence-customer_name-input', 'Jenny Rosen');
    await fill(browser, 'evidence-customer_email_address-input', 'jenny@example.com');
    await press(browser, 'evidence-receipt-choose');
    const file = await visible(browser, 'evidence-receipt-file');
    await until(browser, async () => (await file.getText()).includes('receipt-1001.pdf'), 'the file is not shown');
    assert.ok(existsSync(`${answers}.asked`), 'the file dialog was not asked');
    await press(browser, 'dispute-save-draft');
    const saved = await visible(browser, 'dispute-detail-saved');
    assert.match(await saved.getText(), /^Draft saved at /);
    await shot(browser, 'dispute-draft');
  });

  step('after a restart the draft is there, file and all', async (_browser, current) => {
    await current.restart();
    const browser = current.browser;
    const who = await until(browser, async () => (await texts(browser, 'header-operator'))[0] || null, 'the header shows no operator');
    if (who !== SUPPORT) await switchTo(browser, SUPPORT, SUPPORT_PIN);
    await openTheDispute(browser);
    assert.equal(await (await visible(browser, 'evidence-customer_name-input')).getValue(), 'Jenny Rosen');
    assert.equal(await (await visible(browser, 'evidence-customer_email_address-input')).getValue(), 'jenny@example.com');
    assert.match(await (await visible(browser, 'evidence-receipt-file')).getText(), /receipt-1001\.pdf/);
  });

  step('submits the winning test evidence and sees the dispute won', async (_browser, current) => {
    const browser = current.browser;
    await fill(browser, 'evidence-uncategorized_text-input', 'winning_evidence');
    await press(browser, 'dispute-submit');
    const list = await visible(browser, 'dispute-submit-list');
    const sent = await list.getText();
    for (const part of ['Customer name: Jenny Rosen', 'Receipt: receipt-1001.pdf', 'Anything else: winning_evidence']) {
      assert.ok(sent.includes(part), `the confirmation does not list "${part}": ${sent}`);
    }
    await shot(browser, 'dispute-submit-confirm');
    const confirm = await until(browser, async () => {
      const buttons = await browser.$$('button');
      for (const b of buttons) if ((await b.getText()).trim() === 'Submit for good') return b;
      return null;
    }, 'no Submit for good button');
    await confirm.click();
    await until(browser, async () => (await texts(browser, 'dispute-detail-status'))[0] === 'Won', 'the dispute is not won');
    assert.match((await texts(browser, 'dispute-detail-read-only'))[0] ?? '', /submitted/);
    assert.equal(await count(browser, 'dispute-submit'), 0, 'Submit is still offered');
    await shot(browser, 'dispute-won');
  });
});
