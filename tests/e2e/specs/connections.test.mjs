// Connections, end to end on the real app (offline sandbox: the in-process Stripe simulator):
// create a workspace and make it active, create a connection after testing its key, test the saved
// row, see an invalid key reported as unavailable, see a non-https partner endpoint refused (and
// several bad fields reported at once), test an OAuth2 connection through the sandbox's
// refresh-token exchange, and export with hints only.
// DOM assertions only, through the data-testid hooks the UI provides.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchApp, flow } from '../lib/app.mjs';
import { createActiveWorkspace, dismissToasts, fill, press } from '../lib/steps.mjs';
import { tid, visible, texts, count, countWithText, firstWithText, until } from '../lib/dom.mjs';

const WORKSPACE = 'Acme Marketplace';
const NAME = 'Sandbox platform';
const VALID_KEY = 'sk_test_51E2eValidKey000001';
const VALID_HINT = 'sk_test_…0001';
const INVALID_KEY = 'sk_test_invalid1234567890';
const HTTP_ENDPOINT = 'http://partner.example.com/hook';
const OAUTH_NAME = 'Partner platform (OAuth)';

const rowCount = (browser) => count(browser, 'connection-row');

/** Opens the Connections page and waits for its "New connection" button. */
async function openConnections(browser) {
  await (await visible(browser, 'nav-connections')).click();
  await visible(browser, 'connection-create');
}

/** Opens a fresh "New connection" form (header button, or the empty state's) and returns the form. */
async function openNewConnectionForm(browser) {
  const empty = await browser.$(tid('connection-create-empty'));
  if (await empty.isDisplayed().catch(() => false)) await empty.click();
  else await (await visible(browser, 'connection-create')).click();
  const form = await visible(browser, 'connection-form');
  await visible(browser, 'connection-name');
  return form;
}

/** The API key scheme, a name and a key. */
async function fillApiKeyConnection(browser, name, key) {
  const scheme = await visible(browser, 'auth-scheme-apikey');
  if (!(await scheme.isSelected())) await scheme.click();
  await fill(browser, 'connection-name', name);
  await fill(browser, 'connection-api-key', key);
}

/** Presses Test in the form and waits for the result; returns the heading text. */
async function testInForm(browser) {
  await press(browser, 'connection-form-test');
  const heading = await until(browser, async () => {
    const el = await browser.$(`${tid('connection-form')} ${tid('connection-test-heading')}`);
    return (await el.isDisplayed()) ? (await el.getText()).trim() : null;
  }, 'no connection-test-heading in the form after Test');
  return heading;
}

describe('connections', () => {
  let app;
  let rowsAfterSave;
  let oauthGrant;
  let platformAccount;
  const step = flow(() => app, it);

  before(async () => {
    app = await launchApp();
  });
  after(async () => {
    await app?.close();
  });

  step(`creates "${WORKSPACE}" and makes it the active workspace`, async (browser) => {
    await createActiveWorkspace(browser, WORKSPACE);
  });

  step('the Test button in the form reports the valid key as available', async (browser) => {
    await openConnections(browser);
    assert.equal(await rowCount(browser), 0, 'a new workspace already has connections');
    await openNewConnectionForm(browser);
    assert.equal(await browser.$(tid('connection-form-locked')).isExisting(), false,
      'the secrets are locked (is the keyring unlocked?)');
    await fillApiKeyConnection(browser, NAME, VALID_KEY);
    assert.equal(await testInForm(browser), 'Connection available');
    const account = await visible(browser, 'connection-test-account');
    assert.match((await account.getText()).trim(), /^acct_\w+$/);
    platformAccount = (await account.getText()).trim();
  });

  step('saving lists the connection with a key hint, never the full key', async (browser) => {
    await press(browser, 'connection-submit');
    await until(browser, async () => !(await browser.$(tid('connection-form')).isExisting()),
      'the form is still open after saving');
    await until(browser, async () => (await countWithText(browser, 'connection-row', NAME)) === 1,
      `no connection-row containing "${NAME}" after saving`);
    rowsAfterSave = await rowCount(browser);
    assert.equal(rowsAfterSave, 1);
    const row = await firstWithText(browser, 'connection-row', NAME);
    const key = (await (await row.$(tid('connection-key'))).getText()).trim();
    assert.equal(key, VALID_HINT);
    assert.ok(!(await browser.getPageSource()).includes(VALID_KEY), 'the full API key is in the page source');
    // The password input's value is not in the page source; make sure no input holds it either.
    const inInputs = await browser.execute((secret) =>
      Array.from(document.querySelectorAll('input, textarea')).some((el) => el.value.includes(secret)), VALID_KEY);
    assert.equal(inInputs, false, 'an input still holds the full API key');
  });

  step('the row Test reports the saved connection as available', async (browser, app) => {
    await dismissToasts(browser);
    const row = await firstWithText(browser, 'connection-row', NAME);
    await (await row.$(tid('connection-test'))).click();
    await visible(browser, 'connection-test-dialog');
    const heading = await until(browser, async () => {
      const el = await browser.$(`${tid('connection-test-dialog')} ${tid('connection-test-heading')}`);
      return (await el.isDisplayed()) ? (await el.getText()).trim() : null;
    }, 'no connection-test-heading in the test dialog');
    assert.equal(heading, 'Connection available');
    await press(browser, 'connection-test-close');
    await until(browser, async () => !(await browser.$(tid('connection-test-dialog')).isExisting()),
      'the test dialog did not close');
    // The result is kept with the connection: its row says it works, next to ACTIVE.
    await until(browser, async () => {
      const current = await firstWithText(browser, 'connection-row', NAME);
      const state = await current.$(tid('connection-row-test-state'));
      return (await state.isExisting()) && (await state.getText()).trim() === 'Available';
    }, 'the row does not show the last Test as Available');
    await app.screenshot('connections-table-available');
  });

  step('the edit form tests the account id it shows, with the stored key', async (browser) => {
    await dismissToasts(browser);
    const row = await firstWithText(browser, 'connection-row', NAME);
    await (await row.$(tid('connection-edit'))).click();
    await visible(browser, 'connection-form');
    await fill(browser, 'connection-account-id', 'acct_1DoesNotExist00');
    assert.equal(await testInForm(browser), 'Connection unavailable');
    assert.match(await (await visible(browser, 'connection-test-reason')).getText(), /Account not reachable.*acct_1DoesNotExist00/);
    await press(browser, 'connection-cancel');
    await until(browser, async () => !(await browser.$(tid('connection-form')).isExisting()), 'the form did not close');
  });

  step('an invalid key tests as unavailable with the reason', async (browser) => {
    await openNewConnectionForm(browser);
    await fillApiKeyConnection(browser, 'Rejected platform', INVALID_KEY);
    assert.equal(await testInForm(browser), 'Connection unavailable');
    const reason = await visible(browser, 'connection-test-reason');
    assert.match(await reason.getText(), /Invalid API key/);
  });

  step('an http partner endpoint is refused next to the field and creates nothing', async (browser) => {
    // A valid key, so the endpoint is the only thing wrong.
    await fill(browser, 'connection-api-key', 'sk_test_51E2eValidKey000002');
    await fill(browser, 'connection-partner-endpoint', HTTP_ENDPOINT);
    await press(browser, 'connection-submit');
    const error = await visible(browser, 'connection-partner-endpoint-error');
    assert.notEqual((await error.getText()).trim(), '', 'the field error is empty');
    assert.ok(await browser.$(tid('connection-form')).isDisplayed(), 'the form closed');
    await browser.pause(500); // give a wrongly accepted save time to show up
    assert.equal(await rowCount(browser), rowsAfterSave, 'the refused connection changed the number of rows');
    assert.equal(await countWithText(browser, 'connection-row', 'Rejected platform'), 0);
  });

  step('several bad fields are all shown at once', async (browser) => {
    await fill(browser, 'connection-account-id', 'acct with spaces');
    await fill(browser, 'connection-config-json', '{not json');
    await press(browser, 'connection-submit');
    for (const id of ['connection-account-id-error', 'connection-partner-endpoint-error', 'connection-config-json-error']) {
      const error = await visible(browser, id);
      assert.notEqual((await error.getText()).trim(), '', `${id} is empty`);
    }
    assert.equal(await rowCount(browser), rowsAfterSave, 'the refused connection changed the number of rows');
  });

  step('an OAuth2 connection tests through the refresh-token exchange', async (browser, app) => {
    await browser.keys('Escape');
    await until(browser, async () => !(await browser.$(tid('connection-form')).isExisting()), 'the form did not close');
    await (await visible(browser, 'nav-settings')).click();
    const sandbox = (await (await visible(browser, 'settings-sandbox-url')).getText()).trim();
    // The sandbox's platform account: what "Stripe account id" means here.
    const platform = (await (await visible(browser, 'settings-sandbox-account-id')).getText()).trim();
    assert.match(platform, /^acct_\w+$/);
    assert.equal(platform, platformAccount, 'Settings shows another account than the key Test reached');
    await app.screenshot('settings-sandbox-account');
    const res = await fetch(`${sandbox}/_sim/oauth/grants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(res.status, 200, 'the sandbox did not grant OAuth access');
    oauthGrant = await res.json();

    await openConnections(browser);
    await openNewConnectionForm(browser);
    await (await visible(browser, 'auth-scheme-oauth2')).click();
    await fill(browser, 'connection-name', OAUTH_NAME);
    await fill(browser, 'connection-client-id', oauthGrant.client_id);
    await fill(browser, 'connection-client-secret', VALID_KEY);
    await fill(browser, 'connection-refresh-token', oauthGrant.refresh_token);
    await press(browser, 'connection-submit');
    await until(browser, async () => (await countWithText(browser, 'connection-row', OAUTH_NAME)) === 1,
      `no connection-row containing "${OAUTH_NAME}" after saving`);
    const row = await firstWithText(browser, 'connection-row', OAUTH_NAME);
    await dismissToasts(browser);
    await (await row.$(tid('connection-test'))).click();
    const heading = await until(browser, async () => {
      const el = await browser.$(`${tid('connection-test-dialog')} ${tid('connection-test-heading')}`);
      return (await el.isDisplayed()) ? (await el.getText()).trim() : null;
    }, 'no connection-test-heading in the test dialog');
    assert.equal(heading, 'Connection available');
    const account = (await (await visible(browser, 'connection-test-account')).getText()).trim();
    assert.equal(account, oauthGrant.stripe_user_id);
    assert.ok(!(await browser.getPageSource()).includes(oauthGrant.refresh_token), 'the refresh token is in the page');
    await press(browser, 'connection-test-close');
  });

  step('Export saves the connections with hints only and says where', async (browser, app) => {
    await press(browser, 'connection-export');
    const message = await until(browser, async () => {
      const shown = await texts(browser, 'toast');
      return shown.find((text) => text.startsWith('Exported')) ?? null;
    }, 'no "Exported" toast after Export');
    const [, count, path] = message.match(/^Exported (\d+) connections \(hints only, no secrets\) to (\S+\.json)/) ?? [];
    assert.equal(count, '2', message);
    assert.ok(path.startsWith(app.dataDir), `the export is outside the app's own home: ${path}`);
    const text = readFileSync(path, 'utf8');
    const exported = JSON.parse(text);
    assert.deepEqual(exported.connections.map((c) => c.connectionName).sort(), [OAUTH_NAME, NAME].sort());
    for (const secret of [VALID_KEY, oauthGrant.refresh_token]) {
      assert.ok(!text.includes(secret), 'a secret is in the export file');
    }
    assert.ok(!text.includes('deletedAt'), 'the export names a deletedAt for records that are not deleted');
  });

  step('saving after a failed Test asks "Save anyway?" and the row shows Unavailable with the reason', async (browser, app) => {
    await openNewConnectionForm(browser);
    await fillApiKeyConnection(browser, 'Rejected platform', INVALID_KEY);
    assert.equal(await testInForm(browser), 'Connection unavailable');
    await press(browser, 'connection-submit');
    const ask = await visible(browser, 'connection-save-anyway');
    assert.match(await ask.getText(), /Save anyway\?/);
    assert.match(await (await visible(browser, 'connection-save-anyway-reason')).getText(), /Invalid API key/);
    await press(browser, 'connection-save-anyway-confirm');
    await until(browser, async () => !(await browser.$(tid('connection-form')).isExisting()),
      'the form is still open after Save anyway');
    await until(browser, async () => {
      const row = await firstWithText(browser, 'connection-row', 'Rejected platform');
      if (!row) return false;
      const state = await row.$(tid('connection-row-test-state'));
      return (await state.isExisting()) && (await state.getText()).trim() === 'Unavailable';
    }, 'the row of the connection saved after a failed Test does not show Unavailable');
    const row = await firstWithText(browser, 'connection-row', 'Rejected platform');
    // Clipped to two lines in the row (WebDriver's visible text of a clipped box is unreliable).
    assert.match(await (await row.$(tid('connection-row-test-reason'))).getProperty('textContent'), /Invalid API key/);
    assert.equal((await (await row.$(tid('connection-row-status'))).getText()).trim(), 'ACTIVE');
    await app.screenshot('connections-table-unavailable');
  });
});
