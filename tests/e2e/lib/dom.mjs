// Small DOM helpers over webdriverio: everything is found by data-testid, asserted on the DOM (never pixels).

import { WAIT_MS } from './app.mjs';

export const tid = (id) => `[data-testid="${id}"]`;

/** Waits until the element with this test id is displayed and returns it. */
export async function visible(browser, id, timeout = WAIT_MS) {
  const el = await browser.$(tid(id));
  await el.waitForDisplayed({ timeout, timeoutMsg: `${tid(id)} not displayed after ${timeout} ms` });
  return el;
}

/**
 * Texts (textContent, trimmed) of all elements with this test id, read in one script call so a re-render
 * between "find" and "read" can never leave a stale element behind.
 */
export async function texts(browser, id) {
  return browser.execute((sel) => Array.from(document.querySelectorAll(sel), (el) => (el.textContent ?? '').trim()), tid(id));
}

/** Number of elements with this test id. */
export async function count(browser, id) {
  return (await texts(browser, id)).length;
}

/** Number of elements with test id `id` whose text contains `text`. */
export async function countWithText(browser, id, text) {
  return (await texts(browser, id)).filter((t) => t.includes(text)).length;
}

/** The first element with test id `id` whose text contains `text`, or null. */
export async function firstWithText(browser, id, text) {
  const index = (await texts(browser, id)).findIndex((t) => t.includes(text));
  if (index < 0) return null;
  const all = await browser.$$(tid(id));
  return all[index] ?? null;
}

/** Polls `fn` until it returns a truthy value (an error counts as "not yet"); returns that value. */
export async function until(browser, fn, timeoutMsg, timeout = WAIT_MS) {
  let value;
  let lastError;
  try {
    await browser.waitUntil(
      async () => {
        try {
          value = await fn();
          return value;
        } catch (err) {
          lastError = err;
          return false;
        }
      },
      { timeout, timeoutMsg, interval: 100 },
    );
  } catch (err) {
    if (lastError) err.message += ` (last error: ${lastError.message})`;
    throw err;
  }
  return value;
}
