// What several flows do the same way: toasts out of the way, pressing, typing, and starting with
// an active workspace.
import assert from 'node:assert/strict';
import { tid, visible, texts, count, countWithText, firstWithText, until } from './dom.mjs';

/** Dismisses every toast: they stack at the bottom, over buttons, until dismissed. */
export async function dismissToasts(browser) {
  await until(browser, async () => {
    const buttons = await browser.$$(tid('toast-dismiss'));
    for (const button of buttons) await button.click().catch(() => {});
    return (await count(browser, 'toast')) === 0;
  }, 'the toasts could not be dismissed');
}

/** Clicks the element with this test id once no toast covers it. */
export async function press(browser, id) {
  await dismissToasts(browser);
  await (await visible(browser, id)).click();
}

/** Types into the input with this test id (clearing it first). */
export async function fill(browser, id, value) {
  const input = await visible(browser, id);
  await input.clearValue();
  await input.setValue(value);
  assert.equal(await input.getValue(), value, `${tid(id)} does not hold what was typed`);
}

/** Creates the workspace `name`, makes it active and checks the header shows it in SANDBOX. */
export async function createActiveWorkspace(browser, name) {
  await (await visible(browser, 'nav-workspaces')).click();
  await (await visible(browser, 'workspace-create')).click();
  await (await visible(browser, 'workspace-name')).setValue(name);
  await (await visible(browser, 'workspace-submit')).click();
  await until(browser, async () => (await countWithText(browser, 'workspace-row', name)) === 1,
    `no workspace-row containing "${name}" after submit`);
  const row = await firstWithText(browser, 'workspace-row', name);
  const activate = await row.$(tid('workspace-activate'));
  if (await activate.isExisting()) await activate.click();
  let shown;
  await until(browser, async () => {
    [shown] = await texts(browser, 'header-workspace');
    return shown === name;
  }, `the header does not show "${name}" as the active workspace`).catch((err) => {
    err.message += ` (header-workspace: ${JSON.stringify(shown)})`;
    throw err;
  });
  assert.equal((await (await visible(browser, 'header-mode')).getText()).trim(), 'SANDBOX');
}

/** Answers one field of the onboarding wizard's step 2: country and business type are choices
 *  (offered by the core), the rest is typed. */
export async function answerWizardField(browser, field, value) {
  if (field === 'country' || field === 'businessType') {
    const select = await visible(browser, `onboarding-${field}`);
    await until(browser, async () => (await select.$$(`option[value="${value}"]`)).length > 0,
      `onboarding-${field} offers no "${value}"`);
    await select.selectByAttribute('value', value);
    assert.equal(await select.getValue(), value);
    return;
  }
  await fill(browser, `onboarding-${field}`, value);
}

/** The key the app itself uses with its offline sandbox (crates/core/src/stripe_access.rs). */
export const SANDBOX_KEY = 'sk_test_connectdeskSandbox0001';

/** A POST to the sandbox's Stripe API as the platform (or, with `account`, on a connected
 *  account), as a platform's own backend would send it; answers the JSON. */
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

/** Creates a Custom onboarding entry in the wizard, completes its account through the sandbox
 *  API and checks it can take charges; answers the account id. */
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
