// Operators, roles and the audit log, end to end on the real app: the Admin sets their own PIN,
// adds a Support operator, and sets up a workspace with a connection, an onboarding entry and a
// fee schedule;
// switching to Support refuses a wrong PIN; as Support, Operators and Audit are gone from the
// sidebar and refused by the core when opened anyway, Connections, Onboarding, Workspaces and
// Settings are readable with no control to change them, Fees shows the schedule without its
// editor, and a command invoked straight over IPC
// answers `forbidden` and changes nothing; back as Admin (Alt+O), the controls are back, the audit
// log holds the creates, the switches and the refusal, and Verify finds the chain intact.
//
// E2E_SHOTS_DIR=<dir> also saves screenshots of the header, the switch dialog, Operators,
// Connections and Fees as Support, and Audit.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchApp, flow } from '../lib/app.mjs';
import { answerWizardField, createActiveWorkspace, dismissToasts, fill, press, shot } from '../lib/steps.mjs';
import { tid, visible, texts, count, countWithText, firstWithText, until } from '../lib/dom.mjs';

const ADMIN_PIN = '2468';
const SUPPORT = 'Sam Support';
const SUPPORT_PIN = '1357';
const WORKSPACE = 'Acme Marketplace';
const CONNECTION = 'Acme test platform';
const MERCHANT = {
  merchantId: 'merchant_e2e_support',
  email: 'owner@support-shop.example',
  country: 'US',
  businessType: 'individual',
  'businessProfile.name': 'Support Shop',
  'businessProfile.mcc': '5812',
  'businessProfile.url': 'https://support-shop.example',
};
/** What only someone who may change connections is offered on the Connections page. */
const CONNECTION_CHANGES = ['connection-create', 'connection-export', 'connection-use', 'connection-test', 'connection-edit', 'connection-toggle', 'connection-delete'];

async function headerOperator(browser) {
  const [name] = await texts(browser, 'header-operator');
  return name;
}

/** Invokes a command over Tauri's IPC from the page, as a script in the window could. */
async function invoke(browser, cmd, args) {
  return browser.execute(async (command, payload) => {
    try {
      return { ok: await window.__TAURI_INTERNALS__.invoke(command, payload) };
    } catch (e) {
      // Not `error`: WebDriver takes a returned object with an `error` key for a failed command.
      return { failure: { code: e?.code ?? null, message: e?.message ?? String(e) } };
    }
  }, cmd, args);
}

/** Chooses `name` in the open switch dialog and submits `pin`. */
async function switchTo(browser, name, pin) {
  await visible(browser, 'switch-operator');
  const target = await until(browser, () => firstWithText(browser, 'switch-target', name), `no switch target "${name}"`);
  await target.click();
  await fill(browser, 'switch-pin', pin);
  await press(browser, 'switch-submit');
}

/** How many elements carry each of these test ids, by id. */
async function counts(browser, ids) {
  const found = {};
  for (const id of ids) found[id] = await count(browser, id);
  return found;
}

describe('operators, roles and the audit log', () => {
  let app;
  let linksDir;
  const step = flow(() => app, it);

  before(async () => {
    // The onboarding link goes to a file, not to a browser.
    linksDir = mkdtempSync(join(tmpdir(), 'connectdesk-e2e-links-'));
    app = await launchApp({ env: { CONNECTDESK_OPENED_LINKS_FILE: join(linksDir, 'opened-links.txt') } });
  });
  after(async () => {
    await app?.close();
    if (linksDir) rmSync(linksDir, { recursive: true, force: true });
  });

  step('the first start works as Admin, who sets their own PIN', async (browser) => {
    await until(browser, async () => (await headerOperator(browser)) === 'Admin', 'the header does not show Admin');
    await shot(browser, 'header');
    await press(browser, 'nav-operators');
    await until(browser, async () => (await count(browser, 'operator-row')) === 1, 'no operator row for Admin');
    assert.deepEqual(await texts(browser, 'operator-row-pin'), ['Not set']);
    await press(browser, 'operator-set-pin');
    await fill(browser, 'operator-pin', ADMIN_PIN);
    await fill(browser, 'operator-pin-again', ADMIN_PIN);
    await press(browser, 'operator-submit');
    await until(browser, async () => (await count(browser, 'operator-form')) === 0, 'the PIN dialog stayed open');
    await until(browser, async () => (await texts(browser, 'operator-row-pin'))[0] === 'Set', 'the PIN is not shown as set');
  });

  step(`adds "${SUPPORT}" with the Support role in every workspace and a PIN`, async (browser) => {
    await press(browser, 'operator-create');
    await fill(browser, 'operator-name', SUPPORT);
    const role = await visible(browser, 'operator-grant-role');
    await role.selectByAttribute('value', 'support');
    await fill(browser, 'operator-pin', SUPPORT_PIN);
    await fill(browser, 'operator-pin-again', SUPPORT_PIN);
    await press(browser, 'operator-submit');
    await until(browser, async () => (await count(browser, 'operator-row')) === 2, `no row for ${SUPPORT}`);
    const roles = await texts(browser, 'operator-row-roles');
    assert.ok(roles.includes('Support · all workspaces'), `roles shown: ${JSON.stringify(roles)}`);
    await dismissToasts(browser);
    await shot(browser, 'operators');
  });

  step(`as Admin, "${WORKSPACE}" gets a connection and an onboarding entry`, async (browser) => {
    await createActiveWorkspace(browser, WORKSPACE);
    await press(browser, 'nav-connections');
    await press(browser, 'connection-create-empty');
    await fill(browser, 'connection-name', CONNECTION);
    await fill(browser, 'connection-api-key', 'sk_test_51E2eValidKey000001');
    await press(browser, 'connection-submit');
    await until(browser, async () => (await countWithText(browser, 'connection-row', CONNECTION)) === 1, 'the connection is not listed');

    await press(browser, 'nav-onboarding');
    await press(browser, 'onboarding-create');
    await press(browser, 'onboarding-next');
    for (const [field, value] of Object.entries(MERCHANT)) await answerWizardField(browser, field, value);
    await press(browser, 'onboarding-next');
    await press(browser, 'onboarding-open');
    await visible(browser, 'onboarding-link-url');
    await press(browser, 'onboarding-close');
    await until(browser, async () => (await count(browser, 'onboarding-row')) === 1, 'the onboarding entry is not listed');
    assert.equal(await count(browser, 'onboarding-delete'), 1, 'the Admin has no Delete on the entry');

    await press(browser, 'nav-fees');
    await fill(browser, 'fees-default-percent', '2.9');
    await fill(browser, 'fees-default-fixed', '30');
    await press(browser, 'fees-save');
    await visible(browser, 'fees-delete');
  });

  step('switching refuses a wrong PIN at the field, then takes the right one', async (browser) => {
    await press(browser, 'header-switch-operator');
    await switchTo(browser, SUPPORT, '0000');
    const error = await visible(browser, 'switch-pin-error');
    assert.equal((await error.getText()).trim(), 'That PIN is not right.');
    await shot(browser, 'switch-dialog');
    assert.equal(await headerOperator(browser), 'Admin');

    await fill(browser, 'switch-pin', SUPPORT_PIN);
    await press(browser, 'switch-submit');
    await until(browser, async () => (await headerOperator(browser)) === SUPPORT, `the header does not show ${SUPPORT}`);
    assert.equal(await count(browser, 'switch-operator'), 0, 'the dialog stayed open');
  });

  step('as Support, Operators and Audit are absent, and refused by the core when opened anyway', async (browser) => {
    await until(browser, async () => (await count(browser, 'nav-operators')) === 0, 'Operators is still in the sidebar');
    assert.equal(await count(browser, 'nav-audit'), 0, 'Audit is still in the sidebar');
    assert.equal(await count(browser, 'nav-workspaces'), 1);

    await browser.execute(() => { window.location.hash = '#/operators'; });
    const refused = await visible(browser, 'table-error');
    assert.match(await refused.getText(), /You need the Admin role to manage operators and roles\./);
    await browser.execute(() => { window.location.hash = '#/audit'; });
    await until(browser, async () => (await texts(browser, 'table-error')).some((t) => t.includes('You need the Admin role to see the audit log.')),
      'the Audit section was not refused');
  });

  step('as Support, Connections are readable with no Add, Edit, Delete, Test or Use, and "n" opens nothing', async (browser) => {
    await press(browser, 'nav-connections');
    await until(browser, async () => (await countWithText(browser, 'connection-row', CONNECTION)) === 1, 'the connection is not listed for Support');
    const [note] = await texts(browser, 'connections-read-only');
    assert.match(note ?? '', /^Read-only: you need the Admin role to manage Stripe connections\.$/);
    assert.deepEqual(await counts(browser, CONNECTION_CHANGES), Object.fromEntries(CONNECTION_CHANGES.map((id) => [id, 0])));
    assert.deepEqual(await texts(browser, 'connection-key'), ['sk_test_…0001']);
    await browser.keys(['n']);
    assert.equal(await count(browser, 'connection-form'), 0, '"n" opened a connection form for Support');
    await shot(browser, 'connections-support');
  });

  step('as Support, Onboarding lists the entry with Details, without create, delete or the Stripe actions', async (browser) => {
    await press(browser, 'nav-onboarding');
    await until(browser, async () => (await count(browser, 'onboarding-row')) === 1, 'the onboarding entry is not listed for Support');
    const absent = ['onboarding-create', 'onboarding-delete', 'onboarding-finish', 'onboarding-refresh', 'onboarding-dashboard'];
    assert.deepEqual(await counts(browser, absent), Object.fromEntries(absent.map((id) => [id, 0])));
    assert.equal(await count(browser, 'onboarding-details'), 1);
  });

  step('as Support, fee editing is absent: Fees shows the schedule read-only, with no Save', async (browser) => {
    await press(browser, 'nav-fees');
    const note = await (await visible(browser, 'fees-read-only')).getText();
    assert.equal(note.trim(), 'Read-only: you need the Admin role to change platform fees.');
    // The window's locale may put a space after the currency symbol.
    assert.match((await texts(browser, 'fees-view-default'))[0] ?? '', /^2\.9 % \+ \$\s?0\.30$/);
    const absent = ['fees-editor', 'fees-save', 'fees-add-currency', 'fees-delete', 'fees-tier-add', 'fees-override-add'];
    assert.deepEqual(await counts(browser, absent), Object.fromEntries(absent.map((id) => [id, 0])));
    await shot(browser, 'fees-support');
  });

  step('as Support, the money screens are read-only: no New transfer, no New payout', async (browser) => {
    await press(browser, 'nav-transfers');
    assert.match(await (await visible(browser, 'transfers-read-only')).getText(), /Read-only/);
    assert.equal(await count(browser, 'transfers-create'), 0);
    await shot(browser, 'transfers-support');
    await press(browser, 'nav-payouts');
    assert.match(await (await visible(browser, 'payouts-read-only')).getText(), /Read-only/);
    assert.equal(await count(browser, 'payouts-create'), 0);
    await shot(browser, 'payouts-support');
    await press(browser, 'nav-accounts');
    await visible(browser, 'accounts-sync');
    await shot(browser, 'accounts-support');
  });

  step('as Support, Workspaces and Settings show values without the controls that change them', async (browser) => {
    await press(browser, 'nav-workspaces');
    await until(browser, async () => (await count(browser, 'workspace-row')) === 1, 'no workspace row for Support');
    const absent = ['workspace-create', 'workspace-rename', 'workspace-delete'];
    assert.deepEqual(await counts(browser, absent), Object.fromEntries(absent.map((id) => [id, 0])));

    await press(browser, 'nav-settings');
    const [state] = await texts(browser, 'settings-sandbox-state');
    assert.equal(state, 'On');
    const settingsAbsent = ['settings-sandbox-toggle', 'settings-retention-days', 'settings-retention-save'];
    assert.deepEqual(await counts(browser, settingsAbsent), Object.fromEntries(settingsAbsent.map((id) => [id, 0])));
    assert.match((await texts(browser, 'settings-retention-value'))[0] ?? '', /^Settled operations are kept for\s+\d+\s+days\.$/);
  });

  step('a forbidden command invoked over IPC answers `forbidden` and changes nothing', async (browser) => {
    const answer = await invoke(browser, 'create_operator', {
      input: { displayName: 'Mallory', grants: [{ workspaceId: null, role: 'admin', merchantIds: [] }], pin: '0000' },
    });
    assert.ok(answer.failure, `create_operator was not refused: ${JSON.stringify(answer)}`);
    assert.equal(answer.failure.code, 'forbidden');
    assert.equal(answer.failure.message, 'You need the Admin role to manage operators and roles.');
    const targets = await invoke(browser, 'list_switch_targets', {});
    assert.deepEqual(targets.ok.map((o) => o.displayName).sort(), ['Admin', SUPPORT]);
    const audit = await invoke(browser, 'list_audit', { query: { size: '10', pageToken: null, sort: null, filters: [] } });
    assert.equal(audit.failure?.code, 'forbidden', 'Support could read the audit log over IPC');
  });

  step('Alt+O switches back to Admin with their PIN', async (browser) => {
    await browser.execute(() => { window.location.hash = '#/workspaces'; });
    await (await visible(browser, 'nav-workspaces')).click();
    await browser.keys(['Alt', 'o']);
    await visible(browser, 'switch-operator');
    await switchTo(browser, 'Admin', ADMIN_PIN);
    await until(browser, async () => (await headerOperator(browser)) === 'Admin', 'the header does not show Admin again');
    await visible(browser, 'nav-operators');
    await press(browser, 'nav-connections');
    await visible(browser, 'connection-create');
    assert.equal(await count(browser, 'connections-read-only'), 0);
    assert.equal(await count(browser, 'connection-delete'), 1);
  });

  step('the audit log holds the creates, the switches and the refusal; Verify finds it intact', async (browser) => {
    await press(browser, 'nav-audit');
    await until(browser, async () => (await count(browser, 'audit-row')) >= 6, 'the audit log has too few rows');
    const rows = await browser.execute((sel) => Array.from(document.querySelectorAll(sel), (row) => {
      const text = (id) => (row.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').trim();
      return { action: text('audit-row-action'), operator: text('audit-row-operator'), outcome: text('audit-row-outcome') };
    }), tid('audit-row'));
    const has = (want) => rows.some((r) => Object.entries(want).every(([k, v]) => r[k] === v));
    assert.ok(has({ action: 'operator.setPin', operator: 'Admin', outcome: 'OK' }), JSON.stringify(rows));
    assert.ok(has({ action: 'operator.create', operator: 'Admin', outcome: 'OK' }), JSON.stringify(rows));
    assert.ok(has({ action: 'operator.switch', operator: 'Admin', outcome: 'Failed' }), `the wrong PIN is not recorded: ${JSON.stringify(rows)}`);
    assert.ok(has({ action: 'operator.switch', operator: 'Admin', outcome: 'OK' }), JSON.stringify(rows));
    assert.ok(has({ action: 'operator.create', operator: SUPPORT, outcome: 'Refused' }), `the refusal is not recorded: ${JSON.stringify(rows)}`);
    assert.ok(has({ action: 'operator.switch', operator: SUPPORT, outcome: 'OK' }), JSON.stringify(rows));

    await press(browser, 'audit-verify');
    const message = await visible(browser, 'audit-verify-message');
    assert.match((await message.getText()).trim(), new RegExp(`^All ${rows.length} audit records match the chain\\.$`));
    await shot(browser, 'audit');
  });
});
