// Events, end to end on the real app (offline sandbox), as the Admin: the simulator sends its
// signed webhooks to the app's receiver by itself. A Custom account finished at Stripe turns
// "Payouts enabled" on the open Onboarding screen with nobody pressing Check status; the Events
// section lists its updates as applied with the payload; a forged webhook is refused (400) and
// shows in the refused list at once; a connection's event secrets: the forwarding secret is
// shown once, a rotation without a valid day is refused at the field.
// DOM assertions only, through data-testid.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, flow } from '../lib/app.mjs';
import { answerWizardField, fill, press, shot } from '../lib/steps.mjs';
import { completeCustomAccount, workspaceWithConnection } from '../lib/money.mjs';
import { visible, texts, count, firstWithText, tid, until } from '../lib/dom.mjs';

const WORKSPACE = 'Event Market';
const MERCHANT = {
  merchantId: 'merchant_e2e_events',
  email: 'owner@events.example',
  country: 'US',
  businessType: 'company',
};

describe('events', () => {
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

  step('an account finished at Stripe turns "Payouts enabled" by itself', async (browser) => {
    sandbox = await workspaceWithConnection(browser, WORKSPACE);
    await press(browser, 'nav-onboarding');
    await press(browser, 'onboarding-create');
    await visible(browser, 'onboarding-wizard');
    const custom = await visible(browser, 'onboarding-type-custom');
    if (!(await custom.isSelected())) await custom.click();
    await press(browser, 'onboarding-next');
    for (const [field, value] of Object.entries(MERCHANT)) await answerWizardField(browser, field, value);
    await press(browser, 'onboarding-next');
    await press(browser, 'onboarding-open');
    await visible(browser, 'onboarding-link-url');
    await press(browser, 'onboarding-close');
    await until(browser, async () => !(await browser.$(tid('onboarding-wizard')).isExisting()), 'the wizard did not close');
    account = await until(browser, async () => {
      const rows = await texts(browser, 'onboarding-row');
      return rows.map((r) => /acct_\w+/.exec(r)?.[0]).find(Boolean) ?? null;
    }, 'no onboarding row with an account id');
    assert.notDeepEqual(await texts(browser, 'onboarding-row-status'), ['Payouts enabled']);

    // The merchant's details reach Stripe; nobody touches the window.
    const completed = await completeCustomAccount(sandbox, account);
    assert.equal(completed.charges_enabled, true);
    await until(
      browser,
      async () => (await texts(browser, 'onboarding-row-status'))[0] === 'Payouts enabled',
      'the entry did not follow Stripe by itself',
    );
    await shot(browser, 'events-onboarding-live');
  });

  step('the Events section lists the account\'s updates as applied, with the payload', async (browser) => {
    await press(browser, 'nav-events');
    const row = await until(browser, () => firstWithText(browser, 'event-row-type', 'account.updated'), 'no account.updated event');
    const states = await texts(browser, 'event-row-state');
    assert.ok(states.includes('Applied'), `states: ${states}`);
    assert.ok((await texts(browser, 'event-row-source')).every((s) => s === 'Webhook' || s === 'Events API'));
    await shot(browser, 'events-list');
    await row.click();
    await visible(browser, 'event-detail');
    await until(browser, async () => (await texts(browser, 'event-detail-state'))[0] === 'Applied', 'the detail does not say Applied');
    const payload = await browser.$(tid('event-detail-payload')).getProperty('textContent');
    assert.ok(payload.includes(account), 'the payload is not the account\'s event');
    assert.match(await (await visible(browser, 'event-detail-not-forwarded')).getText(), /^Not forwarded/);
    await shot(browser, 'events-detail');
    await browser.keys('Escape');
    await until(browser, async () => (await count(browser, 'event-detail')) === 0, 'the detail did not close');
  });

  step('a forged webhook is refused and listed at once', async (browser) => {
    const receiver = await visible(browser, 'events-receiver');
    const url = /http:\/\/127\.0\.0\.1:\d+\/webhooks\/0/.exec(await receiver.getText())?.[0];
    assert.ok(url, `no receiver address in "${await receiver.getText()}"`);
    const body = JSON.stringify({ id: 'evt_forged_1', object: 'event', type: 'account.updated', created: 1, data: { object: { id: account } } });
    const t = Math.floor(Date.now() / 1000);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${'0'.repeat(64)}` },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(res.status, 400);
    await until(browser, async () => (await count(browser, 'refusal-row')) === 1, 'the refusal is not listed');
    assert.equal((await texts(browser, 'events-refused-count'))[0], '1 refused delivery');
    assert.equal(await firstWithText(browser, 'event-row-type', 'evt_forged_1'), null);
    await shot(browser, 'events-refused');
  });

  step('event secrets: the forwarding secret is shown once; a rotation needs a valid day', async (browser) => {
    await press(browser, 'nav-connections');
    await press(browser, 'connection-secrets');
    await visible(browser, 'webhook-secrets');
    await press(browser, 'webhook-secrets-issue');
    const issued = await visible(browser, 'webhook-secrets-issued-value');
    assert.match(await issued.getText(), /^fwsec_\w+/);
    await fill(browser, 'webhook-secrets-new', 'whsec_e2eRotated00000000000000001');
    await press(browser, 'webhook-secrets-rotate');
    const fieldError = await until(browser, async () => {
      for (const id of ['webhook-secrets-until-error', 'webhook-secrets-new-error']) {
        const [text] = await texts(browser, id);
        if (text) return text;
      }
      return null;
    }, 'no field error for the rotation');
    assert.ok(fieldError.length > 10, fieldError);
    await shot(browser, 'events-secrets');
    await press(browser, 'webhook-secrets-close');
    await press(browser, 'connection-secrets');
    assert.equal(await count(browser, 'webhook-secrets-issued-value'), 0, 'the secret is shown again');
    assert.match((await texts(browser, 'webhook-secrets-forwarding-hint'))[0] ?? '', /^fwsec_/);
  });
});
