// Onboarding, end to end on the real app (offline sandbox: the in-process Stripe simulator):
// create a workspace and make it active, create an Express onboarding entry with the wizard, see its
// link go to the system browser (recorded through CONNECTDESK_OPENED_LINKS_FILE, never the webview),
// complete the simulator's hosted onboarding over HTTP, and see "Payouts enabled" in the wizard and
// in the row. DOM assertions only, through the data-testid hooks the UI provides.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchApp, flow } from '../lib/app.mjs';
import { answerWizardField, createActiveWorkspace, fill, press } from '../lib/steps.mjs';
import { tid, visible, texts, count, until } from '../lib/dom.mjs';

const WORKSPACE = 'Acme Marketplace';
const MERCHANT = {
  merchantId: 'merchant_e2e_grill',
  email: 'owner@downtowngrill.example',
  country: 'US',
  businessType: 'individual',
  'businessProfile.name': 'Downtown Grill',
  'businessProfile.mcc': '5812',
  'businessProfile.url': 'https://downtowngrill.example',
};
const LOOPBACK_URL = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\//;

/** Form answers of the simulator's hosted onboarding, by step (the last path segment). */
const HOSTED_STEPS = {
  details: {
    business_type: 'individual',
    first_name: 'Dana',
    last_name: 'Grill',
    email: MERCHANT.email,
    mcc: '5812',
    url: 'https://downtowngrill.example',
  },
  tos: { accept: 'true' },
  bank: { account_holder_name: 'Dana Grill', routing_number: '110000000', account_number: '000123456789' },
};

/** The links the app handed to the system browser (one per line of the recorder file). */
function openedLinks(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean);
}

/** One request without following redirects; returns the status and the absolute Location. */
async function request(url, init = {}) {
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000), ...init });
  const body = await res.text();
  const location = res.headers.get('location');
  return { status: res.status, location: location ? new URL(location, url).href : null, body };
}

/**
 * Goes through the simulator's hosted onboarding like a merchant in a browser: opens the link,
 * then answers each step's form until it redirects out of the session. Returns the steps done.
 */
async function completeHostedOnboarding(link) {
  const opened = await request(link);
  assert.equal(opened.status, 303, `opening the onboarding link answered ${opened.status}: ${opened.body.slice(0, 300)}`);
  let url = opened.location;
  const done = [];
  for (let i = 0; i < 6 && url && /\/connect\/session\/[^/]+\/\w+$/.test(new URL(url).pathname); i += 1) {
    const step = new URL(url).pathname.split('/').pop();
    const fields = HOSTED_STEPS[step];
    assert.ok(fields, `unexpected hosted onboarding step "${step}" (${url})`);
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    // The last step redirects to return_url; without one (the app sets none offline) it shows the
    // simulator's "Onboarding complete" page.
    const complete = res.status === 200 && res.body.includes('Onboarding complete');
    assert.ok(res.status === 303 || complete, `the ${step} step answered ${res.status}: ${res.body.slice(0, 300)}`);
    done.push(step);
    if (complete) break;
    url = res.location;
  }
  return done;
}

describe('onboarding', () => {
  let app;
  let linksDir;
  let linksFile;
  let linkUrl;
  const step = flow(() => app, it);

  before(async () => {
    linksDir = mkdtempSync(join(tmpdir(), 'connectdesk-e2e-links-'));
    linksFile = join(linksDir, 'opened-links.txt');
    app = await launchApp({ env: { CONNECTDESK_OPENED_LINKS_FILE: linksFile } });
  });
  after(async () => {
    await app?.close();
    if (linksDir) rmSync(linksDir, { recursive: true, force: true });
  });

  step(`creates "${WORKSPACE}" and makes it the active workspace`, async (browser) => {
    await createActiveWorkspace(browser, WORKSPACE);
  });

  step('the wizard creates an Express entry and sends its link to the system browser', async (browser, app) => {
    await (await visible(browser, 'nav-onboarding')).click();
    await press(browser, 'onboarding-create');
    await visible(browser, 'onboarding-wizard');
    const express = await visible(browser, 'onboarding-type-express');
    if (!(await express.isSelected())) await express.click();
    await press(browser, 'onboarding-next');
    // Step 2 explains the merchant id and offers the countries Stripe supports as a choice.
    assert.match(await (await visible(browser, 'onboarding-merchantId-hint')).getText(), /platform’s own id for this shop/);
    const country = await visible(browser, 'onboarding-country');
    const offered = await until(browser, async () => {
      const n = (await country.$$('option')).length;
      return n > 30 ? n : null;
    }, 'the Country choice does not list the countries Stripe supports');
    assert.ok(offered > 30);
    for (const [field, value] of Object.entries(MERCHANT)) await answerWizardField(browser, field, value);
    await app.screenshot('onboarding-wizard-step-2');
    await press(browser, 'onboarding-next');
    await press(browser, 'onboarding-open');
    linkUrl = await until(browser, async () => {
      const [shown] = await texts(browser, 'onboarding-link-url');
      return shown || null;
    }, 'no onboarding-link-url after opening the onboarding');
    assert.match(linkUrl, LOOPBACK_URL, 'the link is not on the sandbox loopback address');
    let recorded = [];
    await until(browser, async () => {
      recorded = openedLinks(linksFile);
      return recorded.includes(linkUrl);
    }, 'the link was not handed to the system browser').catch((err) => {
      err.message += ` (shown: ${linkUrl}; recorded: ${JSON.stringify(recorded)})`;
      throw err;
    });
    assert.equal(recorded.length, 1, `expected one opened link, got ${JSON.stringify(recorded)}`);
    // The webview itself stayed in the app.
    assert.doesNotMatch(await browser.getUrl(), /\/connect\//, 'the webview navigated to the onboarding page');
  });

  step('the merchant completes the hosted onboarding', async () => {
    const done = await completeHostedOnboarding(linkUrl);
    assert.deepEqual(done, ['details', 'tos', 'bank']);
  });

  step('Check status shows "Payouts enabled" in the wizard and in the row', async (browser) => {
    await press(browser, 'onboarding-check');
    const result = await until(browser, async () => {
      const [shown] = await texts(browser, 'onboarding-check-result');
      return shown || null;
    }, 'no onboarding-check-result after Check status');
    assert.match(result, /Payouts enabled/);
    await until(browser, async () => (await count(browser, 'onboarding-row')) === 1,
      'the onboarding list does not show exactly one row');
    let badges = [];
    await until(browser, async () => {
      badges = await texts(browser, 'onboarding-row-status');
      return badges.length === 1 && badges[0] === 'Payouts enabled';
    }, 'the row status badge does not read "Payouts enabled"').catch((err) => {
      err.message += ` (onboarding-row-status: ${JSON.stringify(badges)})`;
      throw err;
    });
  });

  step('the Details dialog names payment methods as Stripe does and has a Close button', async (browser, app) => {
    await press(browser, 'onboarding-close');
    await until(browser, async () => !(await browser.$(tid('onboarding-wizard')).isExisting()), 'the wizard did not close');
    await press(browser, 'onboarding-details');
    await visible(browser, 'onboarding-detail');
    const methods = await texts(browser, 'onboarding-payment-method');
    assert.ok(methods.some((m) => m.startsWith('US bank account')), JSON.stringify(methods));
    assert.ok(methods.some((m) => m.startsWith('iDEAL')), JSON.stringify(methods));
    assert.ok(!methods.some((m) => /Us bank account|Ideal\b|Acss/.test(m)), JSON.stringify(methods));
    await app.screenshot('onboarding-details');
    await press(browser, 'onboarding-detail-close');
    await until(browser, async () => !(await browser.$(tid('onboarding-detail')).isExisting()), 'Close did not close the details');
  });

  step('coming back after the link expired, the app has a new link ready', async (browser) => {
    const sandbox = new URL(linkUrl).origin;
    const linkLifetime = async (seconds) => {
      const res = await request(`${sandbox}/_sim/account_links/ttl`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seconds }),
      });
      assert.equal(res.status, 200, `setting the link lifetime answered ${res.status}: ${res.body}`);
    };
    await linkLifetime(1);
    await press(browser, 'onboarding-create');
    const express = await visible(browser, 'onboarding-type-express');
    if (!(await express.isSelected())) await express.click();
    await press(browser, 'onboarding-next');
    const cafe = { ...MERCHANT, merchantId: 'merchant_e2e_cafe', email: 'owner@cafe.example', 'businessProfile.name': 'Corner Cafe' };
    for (const [field, value] of Object.entries(cafe)) await answerWizardField(browser, field, value);
    await press(browser, 'onboarding-next');
    await press(browser, 'onboarding-open');
    await until(browser, async () => openedLinks(linksFile).length === 2, 'the second link was not opened');
    await linkLifetime(null);
    await press(browser, 'onboarding-close');
    await until(browser, async () => !(await browser.$(tid('onboarding-wizard')).isExisting()), 'the wizard did not close');

    // The merchant dawdles past the link's lifetime, then the window gets the focus back.
    await browser.pause(2_500);
    await browser.execute(() => window.dispatchEvent(new Event('focus')));
    const renewed = await visible(browser, 'onboarding-return-renewed');
    assert.match(await renewed.getText(), /had expired, so a new one is ready/);
    await press(browser, 'onboarding-return-continue');
    await until(browser, async () => openedLinks(linksFile).length === 3, 'the renewed link was not opened');
    const [, expired, fresh] = openedLinks(linksFile);
    assert.notEqual(fresh, expired);
    assert.match(fresh, LOOPBACK_URL);
    const opened = await request(fresh);
    assert.equal(opened.status, 303);
    assert.match(opened.location ?? '', /\/connect\/session\//, 'the renewed link does not start a session');
  });
});
