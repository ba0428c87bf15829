// Workspaces, end to end on the real app: create, validation, persistence across a restart, delete
// (the confirmation says what goes with it: its connections, their secrets erased).
// DOM assertions only, through the data-testid hooks the UI provides.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, flow } from '../lib/app.mjs';
import { fill, press } from '../lib/steps.mjs';
import { tid, visible, texts, count, countWithText, firstWithText, until } from '../lib/dom.mjs';

const NAME = 'Acme Marketplace';
const CONNECTION = 'Doomed platform';

/** Opens the Workspaces page and waits for the header to be there. */
async function openWorkspaces(browser) {
  await (await visible(browser, 'nav-workspaces')).click();
  await visible(browser, 'workspace-create');
}

/** Opens the create form unless it is already open; returns the name input. */
async function openCreateForm(browser) {
  const input = await browser.$(tid('workspace-name'));
  if (!(await input.isDisplayed())) await (await visible(browser, 'workspace-create')).click();
  return visible(browser, 'workspace-name');
}

const rowCount = (browser) => count(browser, 'workspace-row');
const rowsNamed = (browser, name) => countWithText(browser, 'workspace-row', name);

describe('workspaces', () => {
  let app;
  let rowsBefore;
  const step = flow(() => app, it);

  before(async () => {
    app = await launchApp();
  });
  after(async () => {
    await app?.close();
  });

  step('the header shows the mode and the current workspace', async (browser) => {
    const mode = await visible(browser, 'header-mode');
    assert.match((await mode.getText()).trim(), /^(SANDBOX|LIVE)$/);
    assert.ok(await browser.$(tid('header-workspace')).isExisting(), 'header-workspace is missing');
  });

  step(`creates "${NAME}" and lists it`, async (browser) => {
    await openWorkspaces(browser);
    rowsBefore = await rowCount(browser);
    const input = await openCreateForm(browser);
    await input.setValue(NAME);
    await (await visible(browser, 'workspace-submit')).click();
    await until(browser, async () => (await rowsNamed(browser, NAME)) === 1,
      `no workspace-row containing "${NAME}" after submit`);
    assert.equal(await rowCount(browser), rowsBefore + 1);
  });

  step('the first workspace on a fresh data dir is the active one at once (no "Set active" needed)', async (browser) => {
    assert.equal(rowsBefore, 0, 'the data dir was not fresh');
    await until(browser, async () => (await texts(browser, 'header-workspace'))[0] === NAME,
      `the header does not show "${NAME}" as the active workspace after creating it`);
    await (await visible(browser, 'nav-connections')).click();
    await visible(browser, 'connection-create');
    await openWorkspaces(browser);
  });

  step('an empty name shows an error next to the field and creates nothing', async (browser) => {
    const input = await openCreateForm(browser);
    await input.clearValue();
    // Make sure the UI's state sees the empty value too (bound inputs listen to "input").
    await browser.execute((el) => {
      el.value = '';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, input);
    await (await visible(browser, 'workspace-submit')).click();
    const error = await visible(browser, 'workspace-name-error');
    assert.notEqual((await error.getText()).trim(), '', 'the field error is empty');
    // "Next to the field": the error and the input share a close common ancestor (the field's wrapper/form).
    const depth = await browser.execute((inputSel, errorSel) => {
      const field = document.querySelector(inputSel);
      const err = document.querySelector(errorSel);
      let node = field;
      for (let up = 0; node && up <= 4; up += 1, node = node.parentElement) {
        if (node.contains(err)) return up;
      }
      return -1;
    }, tid('workspace-name'), tid('workspace-name-error'));
    assert.ok(depth >= 0, 'workspace-name-error is not near workspace-name');
    await browser.pause(500); // give a wrongly accepted submit time to show up
    assert.equal(await rowCount(browser), rowsBefore + 1, 'an empty name changed the number of rows');
  });

  step('after a restart on the same data dir the workspace is still there', async (_browser, app) => {
    const dataDir = app.dataDir;
    await app.restart();
    assert.equal(app.dataDir, dataDir);
    const browser = app.browser;
    await openWorkspaces(browser);
    await until(browser, async () => (await rowsNamed(browser, NAME)) === 1,
      `"${NAME}" is gone after a restart`);
    assert.equal(await rowCount(browser), rowsBefore + 1);
  });

  step('made active, it gets a connection', async (_browser, app) => {
    const browser = app.browser; // the session changed with the restart
    const row = await firstWithText(browser, 'workspace-row', NAME);
    const activate = await row.$(tid('workspace-activate'));
    if (await activate.isExisting()) await activate.click();
    await until(browser, async () => (await texts(browser, 'header-workspace'))[0] === NAME,
      `"${NAME}" did not become the active workspace`);
    await (await visible(browser, 'nav-connections')).click();
    await press(browser, 'connection-create-empty');
    await fill(browser, 'connection-name', CONNECTION);
    await fill(browser, 'connection-api-key', 'sk_test_51E2eDoomedKey000001');
    await press(browser, 'connection-submit');
    await until(browser, async () => (await countWithText(browser, 'connection-row', CONNECTION)) === 1,
      `no connection-row containing "${CONNECTION}" after saving`);
  });

  step('deleting it (after confirming what goes with it) removes it', async (_browser, app) => {
    const browser = app.browser;
    await openWorkspaces(browser);
    const row = await until(browser, () => firstWithText(browser, 'workspace-row', NAME), `no row for "${NAME}"`);
    await (await row.$(tid('workspace-delete'))).click();
    const summary = await visible(browser, 'workspace-delete-summary');
    assert.equal(
      (await summary.getText()).trim(),
      `Deletes the workspace “${NAME}”, its 1 connection (its secrets are erased) and 0 onboarding entries. ` +
        'Stripe accounts are not affected. It is the active workspace.',
    );
    await (await visible(browser, 'confirm-ok')).click();
    await until(browser, async () => (await rowsNamed(browser, NAME)) === 0,
      `"${NAME}" is still listed after delete`);
    assert.equal(await rowCount(browser), rowsBefore);
    await until(browser, async () => (await texts(browser, 'header-workspace'))[0] !== NAME,
      `the header still shows the deleted "${NAME}"`);
  });
});
