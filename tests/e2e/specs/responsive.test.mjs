// The window keeps answering while a command works: unlocking with a passphrase (PBKDF2) runs off
// the main thread. A command run on the main thread would hold up every click, keypress and
// WebDriver call until it ended, so each of them would only see the unlock already finished.
//
// The data dir is seeded with a passphrase keystore (the no-OS-keyring path: the app asks for the
// passphrase, whatever secret store is reachable) whose iteration count is far above the 600,000
// of a new keystore, so the unlock takes seconds instead of a fraction of one. The keystore is
// written here in the app's documented format (crates/secrets/src/keystore.rs, cipher.rs).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, pbkdf2, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launchApp, flow } from '../lib/app.mjs';
import { tid, visible, texts, until } from '../lib/dom.mjs';
import { fill } from '../lib/steps.mjs';

const PASSPHRASE = 'slow horse battery staple';
// 8M rounds: seconds on a desktop (the keystore accepts up to 50M), where 600k take a blink.
const ITERATIONS = 8_000_000;
const UNLOCK_TIMEOUT_MS = 180_000;

/** keystore.json for `passphrase`: the verifier is the public constant sealed with the derived key. */
async function passphraseKeystore(passphrase, iterations) {
  const salt = randomBytes(16);
  const key = await promisify(pbkdf2)(passphrase, salt, iterations, 32, 'sha256');
  const version = Buffer.from([1]);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.concat([version, Buffer.from('connectdesk:keystore-verifier')]));
  const body = Buffer.concat([cipher.update('ConnectDesk keystore verifier v1'), cipher.final(), cipher.getAuthTag()]);
  return {
    format: 1,
    scheme: 'passphrase',
    kdf: 'pbkdf2-hmac-sha256',
    salt: salt.toString('base64'),
    iterations,
    verifier: Buffer.concat([version, nonce, body]).toString('base64'),
  };
}

/** The unlock button's busy flag and whether the shortcuts dialog is open, read in one script call. */
function snapshot(browser) {
  return browser.execute((unlock, dialog) => ({
    unlocking: document.querySelector(unlock)?.getAttribute('aria-busy') === 'true',
    dialogOpen: document.querySelector(dialog) !== null,
  }), tid('vault-unlock'), tid('shortcuts-dialog'));
}

describe('the window stays responsive while a command works', () => {
  let app;
  let dataDir;
  const step = flow(() => app, it);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'connectdesk-e2e-data-'));
    const keystore = await passphraseKeystore(PASSPHRASE, ITERATIONS);
    writeFileSync(join(dataDir, 'keystore.json'), JSON.stringify(keystore));
    app = await launchApp({ dataDir });
  });
  after(async () => {
    await app?.close();
    if (dataDir && !process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  });

  step('Settings asks for the passphrase of the seeded keystore', async (browser) => {
    await (await visible(browser, 'nav-settings')).click();
    await visible(browser, 'vault-passphrase');
    assert.deepEqual(await texts(browser, 'settings-vault-state'), ['Locked']);
  });

  step('while the unlock runs, a click opens the shortcuts and Escape closes them', async (browser) => {
    await fill(browser, 'vault-passphrase', PASSPHRASE);
    const started = Date.now();
    await (await browser.$(tid('vault-unlock'))).click();
    assert.equal((await snapshot(browser)).unlocking, true,
      `the page could be read only after the unlock ended (${Date.now() - started} ms): it blocked the main thread`);

    await (await visible(browser, 'shortcuts-open')).click();
    await visible(browser, 'shortcuts-dialog');
    assert.deepEqual(await snapshot(browser), { unlocking: true, dialogOpen: true },
      `the click was answered only after the unlock ended (${Date.now() - started} ms)`);

    await browser.keys('Escape');
    await until(browser, async () => !(await snapshot(browser)).dialogOpen, 'Escape did not close the shortcuts');
    assert.equal((await snapshot(browser)).unlocking, true,
      `the keypress was answered only after the unlock ended (${Date.now() - started} ms)`);
  });

  step('then the unlock ends and the secrets are unlocked', async (browser) => {
    await until(browser, async () => (await texts(browser, 'settings-vault-state'))[0] === 'Protected by your passphrase',
      'the secrets were not unlocked', UNLOCK_TIMEOUT_MS);
    assert.equal(await browser.$(tid('vault-passphrase')).isExisting(), false, 'the passphrase form is still shown');
    assert.equal(await browser.$(tid('vault-banner')).isExisting(), false, 'the locked banner is still shown');
  });
});
