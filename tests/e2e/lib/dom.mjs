// Small DOM helpers over webdriverio: everything is found by data-testid, asserted on the DOM (never pixels).

import { WAIT_MS } from './app.mjs';

export const tid = (id) => `[data-testid="${id}"]`;

/** Waits until the element with this test id is displayed and returns it. */
export async function visible(browser, id, timeout = WAIT_MS) {
  const el = await browser.$(tid(id));
  await el.waitForDisplayed({ timeout, timeoutMsg: `${tid(id)} not displayed after ${timeout} ms` });
  return el;
}

/** Texts of all elements with this test id, in document order. */
export async function texts(browser, id) {
  const els = await browser.$$(tid(id));
  const out = [];
  for (const el of els) out.push((await el.getText()).trim());
  return out;
}

/** Elements with test id `id` whose text contains `text`. */
export async function withText(browser, id, text) {
  const found = [];
  for (const el of await browser.$$(tid(id))) {
    if ((await el.getText()).includes(text)) found.push(el);
  }
  return found;
}

/** Polls `fn` until it returns a truthy value; returns that value. */
export async function until(browser, fn, timeoutMsg, timeout = WAIT_MS) {
  let value;
  await browser.waitUntil(async () => (value = await fn()), { timeout, timeoutMsg, interval: 100 });
  return value;
}
