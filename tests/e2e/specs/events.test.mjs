// Events, end to end on the real app (offline sandbox), as the Admin: the simulator sends its
// signed webhooks to the app's receiver by itself. A Custom account finished at Stripe turns
// "Payouts enabled" on the open Onboarding screen with nobody pressing Check status; the Events
// section lists its updates as applied with the payload; a forged webhook is refused (400) and
// shows in the refused list at once; a connection's event secrets: the forwarding secret is
// shown once, a rotation without a valid day is refused at the field; with a partner endpoint
// on the connection (a local server here), the sandbox's next account event reaches it signed
// with that secret, a failed first attempt shows in the detail's attempts and Resend delivers
// it; as Support the Events section reads the same without Resend.
// DOM assertions through data-testid, and what the partner server received.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { launchApp, flow } from '../lib/app.mjs';
import { addOperator, answerWizardField, fill, press, shot, switchTo } from '../lib/steps.mjs';
import { completeCustomAccount, sandboxPost, workspaceWithConnection } from '../lib/money.mjs';
import { visible, texts, count, firstWithText, tid, until } from '../lib/dom.mjs';

const WORKSPACE = 'Event Market';
const MERCHANT = {
  merchantId: 'merchant_e2e_events',
  email: 'owner@events.example',
  country: 'US',
  businessType: 'company',
};

const SUPPORT = 'Sue Support';
const ADMIN_PIN = '1357';
const SUPPORT_PIN = '2468';

/** A partner endpoint on loopback: answers 500 ("busy") to its first request, then 200; keeps
 *  what it received. */
async function startPartner() {
  const received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ signature: req.headers['connectdesk-signature'], body });
      const fail = received.length === 1;
      res.writeHead(fail ? 500 : 200, { 'content-type': 'text/plain' });
      res.end(fail ? 'busy, try later' : 'ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, received, url: `http://127.0.0.1:${server.address().port}/hooks` };
}

/** Stripe's scheme: `t=…,v1=…`, v1 the hex HMAC-SHA256 of "{t}.{body}" under the secret. */
function signedWith(secret, header, body) {
  const t = /t=(\d+)/.exec(header ?? '')?.[1];
  const v1 = /v1=([0-9a-f]+)/.exec(header ?? '')?.[1];
  return Boolean(t && v1) && createHmac('sha256', secret).update(`${t}.${body}`).digest('hex') === v1;
}

describe('events', () => {
  let app;
  let sandbox;
  let account;
  let forwardingSecret;
  let partner;
  const step = flow(() => app, it);

  before(async () => {
    app = await launchApp();
    partner = await startPartner();
  });
  after(async () => {
    await app?.close();
    partner?.server.close();
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
    forwardingSecret = (await issued.getText()).trim();
    assert.match(forwardingSecret, /^fwsec_[\w-]+$/);
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

  step('the sandbox\'s events reach the partner endpoint, signed; a failed attempt is listed and Resend delivers', async (browser) => {
    await press(browser, 'webhook-secrets-close');
    await press(browser, 'connection-edit');
    await fill(browser, 'connection-partner-endpoint', partner.url);
    await press(browser, 'connection-submit');
    await until(browser, async () => (await count(browser, 'connection-form')) === 0, 'the connection form stayed open');

    // Something happens at Stripe (the sandbox): the account's business profile changes.
    const updated = await sandboxPost(sandbox, `/v1/accounts/${account}`, { 'business_profile[name]': 'Event Market Grill' });
    assert.equal(updated.id, account);
    await until(browser, async () => partner.received.length >= 1, 'the partner got nothing', 30_000);
    const [first] = partner.received;
    const forwarded = JSON.parse(first.body);
    assert.equal(forwarded.type, 'stripe.account_updated');
    assert.equal(forwarded.account, account);
    assert.equal(forwarded.connection, `${WORKSPACE} test platform`);
    assert.match(forwarded.id, /^fwd_evt_\w+$/);
    assert.ok(signedWith(forwardingSecret, first.signature, first.body), `not signed with the issued secret: ${first.signature}`);

    await press(browser, 'nav-events');
    const eventId = forwarded.id.slice('fwd_'.length);
    await fill(browser, 'table-filter', eventId);
    const row = await until(browser, () => firstWithText(browser, 'event-row-type', 'account.updated'), 'the forwarded event is not listed');
    await row.click();
    await visible(browser, 'event-detail');
    await until(browser, async () => /^Retrying/.test((await texts(browser, 'event-detail-forward'))[0] ?? ''), 'the detail does not say Retrying');
    const [attempt] = await texts(browser, 'event-detail-history');
    assert.match(attempt, /HTTP 500/);
    assert.match(attempt, /busy, try later/);
    await press(browser, 'event-resend');
    await until(browser, async () => partner.received.length >= 2, 'Resend sent nothing');
    assert.equal(partner.received[1].body, first.body, 'a resend is the same message');
    assert.ok(signedWith(forwardingSecret, partner.received[1].signature, partner.received[1].body));
    await until(browser, async () => (await texts(browser, 'event-detail-forward'))[0] === 'Delivered', 'the detail does not say Delivered');
    await shot(browser, 'events-forwarded');
    // Resend's button was disabled while it ran, which left focus on the page: Escape still closes.
    await browser.keys('Escape');
    await until(browser, async () => (await count(browser, 'event-detail')) === 0, 'the detail did not close');
  });

  step('as Support: the same events, read-only (no Resend)', async (browser) => {
    await addOperator(browser, { adminPin: ADMIN_PIN, name: SUPPORT, role: 'support', pin: SUPPORT_PIN });
    await switchTo(browser, SUPPORT, SUPPORT_PIN);
    await press(browser, 'nav-events');
    const row = await until(browser, () => firstWithText(browser, 'event-row-type', 'account.updated'), 'Support sees no events');
    await row.click();
    await visible(browser, 'event-detail');
    await until(browser, async () => (await texts(browser, 'event-detail-state')).length === 1, 'the detail did not load');
    assert.equal(await count(browser, 'event-resend'), 0, 'Support is offered Resend');
    await shot(browser, 'events-support');
    await browser.keys('Escape');
  });
});
