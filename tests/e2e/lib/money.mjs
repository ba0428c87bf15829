// Money flows share these: the sandbox's own API (what a platform or Stripe does outside the
// app), a workspace with a connection and a Custom account that finished onboarding, and money
// compared without the locale's spacing.
import assert from 'node:assert/strict';
import { tid, visible, texts, count, until } from './dom.mjs';
import { answerWizardField, createActiveWorkspace, fill, press } from './steps.mjs';

/** The key the app itself uses with its offline sandbox (crates/core/src/stripe_access.rs). */
export const SANDBOX_KEY = 'sk_test_connectdeskSandbox0001';

/** Money as shown, without spaces: the webview's locale may put one after the symbol ("$ 1.00"). */
export const tight = (text) => text.replace(/[\s\u00a0\u202f]+/g, '');

/** `POST {path}` on the sandbox as its platform (or, with `account`, on that connected account);
 *  answers the JSON. */
export async function sandboxPost(sandbox, path, fields, account) {
  const headers = { authorization: `Bearer ${SANDBOX_KEY}`, 'content-type': 'application/x-www-form-urlencoded' };
  if (account) headers['stripe-account'] = account;
  const res = await fetch(`${sandbox}${path}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  assert.equal(res.status, 200, `${path} answered ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

/** What a platform sends for a Custom account: company, profile, terms and a US test bank account
 *  (`000123456789` is paid out; Stripe's failing test numbers fail). */
export async function completeCustomAccount(sandbox, account, accountNumber = '000123456789') {
  return sandboxPost(sandbox, `/v1/accounts/${account}`, {
    'company[name]': 'Grill Market LLC',
    'business_profile[mcc]': '5812',
    'business_profile[url]': 'https://grill.example',
    'tos_acceptance[date]': String(Math.floor(Date.now() / 1000)),
    'tos_acceptance[ip]': '203.0.113.7',
    'external_account[object]': 'bank_account',
    'external_account[country]': 'US',
    'external_account[currency]': 'usd',
    'external_account[routing_number]': '110000000',
    'external_account[account_number]': accountNumber,
  });
}

/** Funds available on the sandbox's platform at once: a payment with Stripe's
 *  `pm_card_bypassPending` test card. */
export async function fundPlatform(sandbox, amount, currency = 'usd') {
  const payment = await sandboxPost(sandbox, '/v1/payment_intents', {
    amount: String(amount), currency, confirm: 'true', payment_method: 'pm_card_bypassPending',
  });
  assert.equal(payment.status, 'succeeded', JSON.stringify(payment));
}

/** Creates `workspace` (active) with a connection; answers the sandbox's address from Settings. */
export async function workspaceWithConnection(browser, workspace) {
  await createActiveWorkspace(browser, workspace);
  await press(browser, 'nav-connections');
  await press(browser, 'connection-create');
  await fill(browser, 'connection-name', `${workspace} test platform`);
  await fill(browser, 'connection-api-key', 'sk_test_51Nv0FGQ9RKHgCVdKgrill00e2e');
  await press(browser, 'connection-submit');
  await until(browser, async () => (await count(browser, 'connection-row')) === 1, 'the connection was not saved');
  await press(browser, 'nav-settings');
  const sandbox = (await (await visible(browser, 'settings-sandbox-url')).getText()).trim();
  assert.match(sandbox, /^http:\/\/127\.0\.0\.1:\d+$/);
  return sandbox;
}

/** A Custom onboarding entry made in the wizard, its account completed through the sandbox's
 *  API and checked, so it can take charges and receive transfers; answers the account id. */
export async function onboardCustomAccount(browser, sandbox, merchant) {
  await press(browser, 'nav-onboarding');
  await press(browser, 'onboarding-create');
  await visible(browser, 'onboarding-wizard');
  const custom = await visible(browser, 'onboarding-type-custom');
  if (!(await custom.isSelected())) await custom.click();
  await press(browser, 'onboarding-next');
  for (const [field, value] of Object.entries(merchant)) await answerWizardField(browser, field, value);
  await press(browser, 'onboarding-next');
  await press(browser, 'onboarding-open');
  await visible(browser, 'onboarding-link-url');
  const account = await until(browser, async () => {
    const rows = await texts(browser, 'onboarding-row');
    return rows.map((r) => /acct_\w+/.exec(r)?.[0]).find(Boolean) ?? null;
  }, 'no onboarding row with an account id');
  const completed = await completeCustomAccount(sandbox, account);
  assert.equal(completed.charges_enabled, true, JSON.stringify(completed.requirements));
  await press(browser, 'onboarding-check');
  const result = await until(browser, async () => {
    const [shown] = await texts(browser, 'onboarding-check-result');
    return shown || null;
  }, 'no onboarding-check-result after Check status');
  assert.match(result, /Payouts enabled|Payouts disabled/);
  await press(browser, 'onboarding-close');
  await until(browser, async () => !(await browser.$(tid('onboarding-wizard')).isExisting()), 'the wizard did not close');
  return account;
}
