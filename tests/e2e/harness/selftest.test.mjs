// Proves the harness without ConnectDesk: tauri-driver + WebKitWebDriver + Xvfb + dbus drive WebKitGTK's
// MiniBrowser. Run with: ./scripts/e2e.sh --self-test
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { launchApp, flow } from '../lib/app.mjs';

const MINIBROWSER = process.env.E2E_SELFTEST_BROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

describe('harness self-test (MiniBrowser)', { skip: !existsSync(MINIBROWSER) && `no ${MINIBROWSER}` }, () => {
  let app;
  const step = flow(() => app, it);
  before(async () => {
    app = await launchApp({ application: MINIBROWSER });
  });
  after(async () => {
    await app?.close();
  });

  step('drives the DOM and passes the environment through', async (browser) => {
    const html = '<button data-testid="b" onclick="this.textContent=\'clicked\'">click me</button>';
    await browser.url(`data:text/html,${encodeURIComponent(html)}`);
    const button = await browser.$('[data-testid="b"]');
    await button.click();
    assert.equal(await button.getText(), 'clicked');
    assert.match(app.dataDir, /connectdesk-e2e-data-/);
  });

  step('restarts on the same data dir', async () => {
    const dir = app.dataDir;
    await app.restart();
    assert.equal(app.dataDir, dir);
    await app.browser.url('data:text/html,<p data-testid="p">again</p>');
    assert.equal(await (await app.browser.$('[data-testid="p"]')).getText(), 'again');
  });

  step('a failing step leaves a screenshot', { skip: !process.env.E2E_SELFTEST_FAIL }, async () => {
    assert.fail('deliberate failure (E2E_SELFTEST_FAIL=1)');
  });
});
