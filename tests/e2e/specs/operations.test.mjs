// Pending operations, end to end on the real app (offline sandbox): an onboarding create whose
// answer is lost (the simulator carries the request out, then drops the connection, for longer
// than the client retries) stays pending in the journal. The header says "1 pending", the
// section lists it, "Mark resolved…" without a note shows the core's error under the note, and
// once the faults are cleared "Retry now" completes it (Stripe replays the stored answer for the
// same idempotency key) and the indicator goes away. DOM assertions only, through data-testid.
//
// E2E_SHOTS_DIR=<dir> also saves screenshots of the header and the section there.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchApp, flow } from '../lib/app.mjs';
import { answerWizardField, createActiveWorkspace, dismissToasts, fill, press, shot } from '../lib/steps.mjs';
import { tid, visible, texts, count, until } from '../lib/dom.mjs';

const WORKSPACE = 'Journal Test Market';
const MERCHANT = {
  merchantId: 'merchant_e2e_lost',
  email: 'owner@lostanswer.example',
  country: 'US',
};
const SUMMARY = `Account for merchant ${MERCHANT.merchantId}`;
// The client's own retries plus the journal's first send take a while against dropped connections;
// the header then learns of the operation on its next refresh (at most 15 s later).
const SLOW_MS = 60_000;

/** Saves a WebDriver screenshot when E2E_SHOTS_DIR is set (for looking at the layout by eye). */
async function faults(sandbox, method, path = '', body) {
  const res = await fetch(`${sandbox}/_sim/faults${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${method} /_sim/faults${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** The texts of one test id inside the row whose summary is SUMMARY. */
async function rowTexts(browser) {
  return browser.execute((rowSel, summary) => {
    const row = Array.from(document.querySelectorAll(rowSel)).find((r) =>
      (r.querySelector('[data-testid="operation-row-summary"]')?.textContent ?? '').trim() === summary);
    if (!row) return null;
    const text = (id) => (row.querySelector(`[data-testid="${id}"]`)?.textContent ?? '').trim();
    return {
      state: text('operation-row-state'),
      kind: text('operation-row-kind'),
      target: text('operation-row-target'),
      attempts: text('operation-row-attempts'),
      // Not `error`: WebDriver takes a returned object with an `error` key for a failed command.
      lastError: text('operation-row-error'),
      canRetry: row.querySelector('[data-testid="operation-retry"]') !== null,
    };
  }, tid('operation-row'), SUMMARY);
}

/** Clicks the button with test id `id` in the row of SUMMARY (found by textContent: long text is clipped on screen). */
async function pressInRow(browser, id) {
  await dismissToasts(browser);
  const summaries = await texts(browser, 'operation-row-summary');
  const index = summaries.indexOf(SUMMARY);
  if (index < 0) throw new Error(`no operation-row for "${SUMMARY}" (rows: ${JSON.stringify(summaries)})`);
  const row = (await browser.$$(tid('operation-row')))[index];
  await (await row.$(tid(id))).click();
}

describe('pending operations', () => {
  let app;
  let sandbox;
  const step = flow(() => app, it);

  before(async () => {
    app = await launchApp();
  });
  after(async () => {
    if (sandbox) await faults(sandbox, 'DELETE').catch(() => {});
    await app?.close();
  });

  step(`creates "${WORKSPACE}" and reads the sandbox address; nothing is pending`, async (browser) => {
    await createActiveWorkspace(browser, WORKSPACE);
    await press(browser, 'nav-settings');
    sandbox = (await (await visible(browser, 'settings-sandbox-url')).getText()).trim();
    assert.match(sandbox, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await count(browser, 'header-operations'), 0, 'the indicator shows with nothing pending');
    await press(browser, 'nav-operations');
    const empty = await visible(browser, 'operations-empty');
    assert.match(await empty.getText(), /No Stripe writes are waiting/);
  });

  step('an onboarding create whose answer is lost fails with a message and stays pending', async (browser) => {
    const set = await faults(sandbox, 'POST', '/drop', { count: 5 });
    assert.ok(JSON.stringify(set).includes('drop'), `the drop fault was not set: ${JSON.stringify(set)}`);

    await press(browser, 'nav-onboarding');
    await press(browser, 'onboarding-create');
    await visible(browser, 'onboarding-wizard');
    const express = await visible(browser, 'onboarding-type-express');
    if (!(await express.isSelected())) await express.click();
    await press(browser, 'onboarding-next');
    for (const [field, value] of Object.entries(MERCHANT)) await answerWizardField(browser, field, value);
    await press(browser, 'onboarding-next');
    await press(browser, 'onboarding-open');

    const [message] = await until(browser, async () => {
      const shown = await texts(browser, 'toast');
      return shown.length > 0 ? shown : null;
    }, 'no error toast after the create lost its answer', SLOW_MS);
    assert.match(message, /Pending operations/, `the error does not point to Pending operations: ${message}`);
    assert.equal(await count(browser, 'onboarding-link-url'), 0, 'a link was shown although the create failed');

    const pending = await until(browser, async () => {
      const [shown] = await texts(browser, 'header-operations-pending');
      return shown || null;
    }, 'the header does not show the pending operation', SLOW_MS);
    assert.equal(pending, '1 pending');
    assert.equal(await count(browser, 'header-operations-decision'), 0);
    await shot(browser, 'operations-header');

    // The last step has no Cancel: Escape closes the dialog, once the focus is in it again (clicking
    // its text focuses the dialog; the toast took the focus's place).
    await press(browser, 'onboarding-summary');
    await browser.keys('Escape');
    await until(browser, async () => !(await browser.$(tid('onboarding-wizard')).isExisting()), 'the wizard did not close');
  });

  step('the indicator opens Pending operations, which lists the operation', async (browser) => {
    await press(browser, 'header-operations');
    await until(browser, async () => (await browser.$('main').getAttribute('data-section')) === 'operations',
      'the indicator did not open Pending operations');
    const row = await until(browser, () => rowTexts(browser), `no operation-row for "${SUMMARY}"`);
    assert.equal(row.state, 'Pending');
    assert.equal(row.kind, 'Create account');
    assert.match(row.target, /Offline sandbox\s*SANDBOX/);
    assert.ok(Number.parseInt(row.attempts, 10) >= 1, `attempts: ${row.attempts}`);
    assert.notEqual(row.lastError, '—', 'the row gives no reason why it is pending');
    assert.ok(row.canRetry, 'the row has no Retry now');
    await shot(browser, 'operations-section');

    await pressInRow(browser, 'operation-details');
    const request = await visible(browser, 'operation-detail-request');
    assert.equal((await request.getText()).trim(), 'POST /v1/accounts');
    assert.match((await (await visible(browser, 'operation-detail-reference')).getText()).trim(), /^op_[0-9a-f]{24}$/);
    assert.ok((await count(browser, 'operation-detail-param')) > 0, 'the request shows no parameters');
    await shot(browser, 'operations-detail');
    await press(browser, 'operation-detail-close');
  });

  step('Mark resolved without a note shows the core’s error next to the note', async (browser) => {
    await pressInRow(browser, 'operation-resolve');
    await visible(browser, 'operation-resolve-dialog');
    await press(browser, 'operation-resolve-submit');
    const error = await visible(browser, 'operation-resolve-note-error');
    assert.match(await error.getText(), /Say what you found at Stripe/);
    const note = await visible(browser, 'operation-resolve-note');
    assert.equal(await note.getAttribute('aria-invalid'), 'true');
    assert.equal(await count(browser, 'toast'), 0, 'the field error also went to a toast');
    await shot(browser, 'operations-resolve');
    await press(browser, 'operation-resolve-cancel');
    await until(browser, async () => !(await browser.$(tid('operation-resolve-dialog')).isExisting()), 'the dialog did not close');
    assert.equal((await rowTexts(browser)).state, 'Pending', 'the operation changed without a note');
  });

  step('with the faults cleared, Retry now completes it and the indicator goes away', async (browser) => {
    await faults(sandbox, 'DELETE');
    await pressInRow(browser, 'operation-retry');
    const row = await until(browser, async () => {
      const now = await rowTexts(browser);
      return now && now.state === 'Completed' ? now : null;
    }, 'the row did not turn Completed after Retry now', SLOW_MS);
    assert.equal(row.canRetry, false, 'a completed operation still offers Retry now');
    await until(browser, async () => (await count(browser, 'header-operations')) === 0,
      'the header still shows open operations', SLOW_MS);
  });
});
