// The harness itself, on the real app: the app gets its own CONNECTDESK_DATA_DIR through tauri-driver,
// the window loads the UI, and closing leaves no process behind.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { launchApp, flow } from '../lib/app.mjs';
import { visible } from '../lib/dom.mjs';

describe('harness', () => {
  let app;
  const step = flow(() => app, it);

  before(async () => {
    app = await launchApp();
  });
  after(async () => {
    await app?.close();
  });

  step('the window shows the UI', async (browser) => {
    assert.equal(await browser.getTitle(), 'ConnectDesk');
    await visible(browser, 'nav-workspaces');
  });

  step('the app stores its data in the test data dir', async (_browser, app) => {
    assert.ok(readdirSync(app.dataDir).length > 0, `nothing written to CONNECTDESK_DATA_DIR=${app.dataDir}`);
  });

  step('close() ends every process and removes the data dir', async (_browser, app) => {
    assert.ok(app.processes().length >= 2, 'expected tauri-driver, WebKitWebDriver and the app to be running');
    const run = app.marker;
    await app.close();
    assert.deepEqual(app.processes(), [], `processes of run ${run} survived close()`);
    assert.equal(existsSync(app.dataDir), !!process.env.E2E_KEEP_DATA);
    app = null;
  });
});
