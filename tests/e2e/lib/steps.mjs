// What several flows do the same way: toasts out of the way, pressing, typing, and starting with
// an active workspace.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** With E2E_SHOTS_DIR=<dir>, saves a screenshot of the window there as `<name>.png`. */
export async function shot(browser, name) {
  const dir = process.env.E2E_SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.png`), Buffer.from(await browser.takeScreenshot(), 'base64'));
}

/** Switches to operator `name` with their PIN in the header's dialog. */
export async function switchTo(browser, name, pin) {
  await press(browser, 'header-switch-operator');
  await visible(browser, 'switch-operator');
  const target = await until(browser, () => firstWithText(browser, 'switch-target', name), `no switch target "${name}"`);
  await target.click();
  await fill(browser, 'switch-pin', pin);
  await press(browser, 'switch-submit');
  await until(browser, async () => (await texts(browser, 'header-operator'))[0] === name, `the header does not show ${name}`);
}

/** As the first-start Admin: sets the Admin's PIN, then adds operator `name` with `role` and `pin`. */
export async function addOperator(browser, { adminPin, name, role, pin }) {
  await press(browser, 'nav-operators');
  const before = await until(browser, async () => (await count(browser, 'operator-row')) || null, 'no operator rows');
  if (before === 1) {
    await press(browser, 'operator-set-pin');
    await fill(browser, 'operator-pin', adminPin);
    await fill(browser, 'operator-pin-again', adminPin);
    await press(browser, 'operator-submit');
    await until(browser, async () => (await count(browser, 'operator-form')) === 0, 'the PIN dialog stayed open');
  }
  await press(browser, 'operator-create');
  await fill(browser, 'operator-name', name);
  const select = await visible(browser, 'operator-grant-role');
  await select.selectByAttribute('value', role);
  await fill(browser, 'operator-pin', pin);
  await fill(browser, 'operator-pin-again', pin);
  await press(browser, 'operator-submit');
  await until(browser, async () => (await count(browser, 'operator-row')) === before + 1, `no row for ${name}`);
  await dismissToasts(browser);
}
