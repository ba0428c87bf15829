// Starts the real ConnectDesk binary under tauri-driver (WebDriver) and tears it down again.
//
// One `launchApp()` = one temporary CONNECTDESK_DATA_DIR + one tauri-driver (which starts
// WebKitWebDriver, which starts the app) + one WebDriver session. tauri-driver hands its own
// environment down to the app, so the data dir is set in tauri-driver's environment.
// `app.restart()` closes everything and starts again on the same data dir; `app.close()` always
// leaves no process behind, even after a failure.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { remote } from 'webdriverio';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 4444;
const START_TIMEOUT_MS = Number(process.env.E2E_START_TIMEOUT_MS ?? 30_000);
export const WAIT_MS = Number(process.env.E2E_WAIT_MS ?? 15_000);
const SCREENSHOT_TIMEOUT_MS = 10_000;
const debug = process.env.E2E_DEBUG ? (...args) => console.error(`[e2e ${new Date().toISOString().slice(11, 23)}]`, ...args) : () => {};

/** Path of the app under test: $CONNECTDESK_APP, else $CARGO_TARGET_DIR/debug/connectdesk. */
export function appPath() {
  if (process.env.CONNECTDESK_APP) return resolve(process.env.CONNECTDESK_APP);
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'connectdesk', 'target');
  return resolve(target, 'debug', 'connectdesk');
}

function tauriDriverPath() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  const cargoBin = join(homedir(), '.cargo', 'bin', 'tauri-driver');
  return existsSync(cargoBin) ? cargoBin : 'tauri-driver';
}

function portIsFree(port) {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, HOST, () => server.close(() => done(true)));
  });
}

async function anyFreePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** 4444 (and 4445 for WebKitWebDriver) when free, so a second run elsewhere on the machine never collides. */
async function pickPorts() {
  if (process.env.E2E_DRIVER_PORT) {
    const port = Number(process.env.E2E_DRIVER_PORT);
    return { port, nativePort: port + 1 };
  }
  if ((await portIsFree(DEFAULT_PORT)) && (await portIsFree(DEFAULT_PORT + 1))) {
    return { port: DEFAULT_PORT, nativePort: DEFAULT_PORT + 1 };
  }
  const port = await anyFreePort();
  let nativePort = await anyFreePort();
  while (nativePort === port) nativePort = await anyFreePort();
  return { port, nativePort };
}

/** Every process whose environment carries this run's marker: tauri-driver, WebKitWebDriver, the app, WebKit helpers. */
function markedPids(marker) {
  const needle = `CONNECTDESK_E2E_RUN=${marker}`;
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (env.split('\0').includes(needle)) pids.push(Number(entry));
    } catch {
      // gone already, or not ours to read
    }
  }
  return pids;
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function waitForExit(marker, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (markedPids(marker).length === 0) return true;
    await sleep(100);
  }
  return markedPids(marker).length === 0;
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function accepts(port) {
  return new Promise((done) => {
    const socket = connect({ host: HOST, port });
    socket.setTimeout(1000);
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
    socket.once('timeout', () => { socket.destroy(); done(false); });
  });
}

/** Waits until tauri-driver and the WebKitWebDriver behind it both listen (tauri-driver does not wait itself). */
async function waitForDriver(port, nativePort, child, logFile) {
  const until = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`tauri-driver exited early (${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`);
    }
    // Probe WebKitWebDriver with a bare TCP connect, then tauri-driver (which proxies /status to it).
    if (await accepts(nativePort)) {
      try {
        const res = await fetch(`http://${HOST}:${port}/status`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return;
      } catch {
        // tauri-driver not listening yet
      }
    }
    await sleep(100);
  }
  throw new Error(`tauri-driver did not listen on ports ${port}/${nativePort} within ${START_TIMEOUT_MS} ms:\n${tail(logFile)}`);
}

export function screenshotDir() {
  const dir = process.env.E2E_SCREENSHOT_DIR || join(tmpdir(), 'connectdesk-e2e-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Apps not stopped yet. If the test process ends without its `after` hooks (a timeout, Ctrl-C, a crash),
// their processes are killed here, synchronously, so no app outlives the run.
const live = new Set();
function killLive() {
  for (const app of live) {
    if (app.driver) signal(-app.driver.pid, 'SIGKILL');
    if (app.marker) for (const pid of markedPids(app.marker)) signal(pid, 'SIGKILL');
  }
  live.clear();
}
process.on('exit', killLive);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    killLive();
    process.kill(process.pid, sig);
  });
}

class App {
  constructor({ application, dataDir, ownsDataDir, env }) {
    this.application = application;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.extraEnv = env;
    this.browser = null;
    this.driver = null;
    this.marker = null;
    this.logFile = join(dataDir, '..', `${dataDir.split('/').pop()}.driver.log`);
  }

  async start() {
    this.marker = randomUUID();
    live.add(this);
    debug('start:', this.application, 'data dir', this.dataDir);
    const { port, nativePort } = await pickPorts();
    const logFd = openSync(this.logFile, 'a');
    // A home of its own, so files the app saves for the user (exports) stay out of the real one.
    const home = join(this.dataDir, 'home');
    mkdirSync(home, { recursive: true });
    const driver = spawn(tauriDriverPath(), ['--port', String(port), '--native-port', String(nativePort)], {
      env: {
        ...process.env,
        HOME: home,
        ...this.extraEnv,
        CONNECTDESK_DATA_DIR: this.dataDir,
        CONNECTDESK_E2E_RUN: this.marker,
      },
      // Own process group: close() signals the whole tree (driver, WebKitWebDriver, app) at once.
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
    closeSync(logFd);
    driver.on('error', () => {}); // reported by waitForDriver via exitCode
    this.driver = driver;
    try {
      await waitForDriver(port, nativePort, driver, this.logFile);
      this.browser = await remote({
        hostname: HOST,
        port,
        logLevel: process.env.E2E_WDIO_LOG_LEVEL || 'error',
        connectionRetryTimeout: START_TIMEOUT_MS,
        connectionRetryCount: 1,
        waitforTimeout: WAIT_MS,
        capabilities: {
          // WebKitWebDriver speaks WebDriver classic only; stop webdriverio asking for BiDi.
          'wdio:enforceWebDriverClassic': true,
          'tauri:options': { application: this.application },
        },
      });
      debug('start: session open');
    } catch (err) {
      await this.stop();
      err.message += `\n--- tauri-driver log (${this.logFile}) ---\n${tail(this.logFile)}`;
      throw err;
    }
    return this;
  }

  /** Ends the session and every process of this run; keeps the data dir. */
  async stop() {
    const { browser, driver, marker } = this;
    debug('stop: begin', marker);
    this.browser = null;
    this.driver = null;
    if (browser) {
      // Closing the session closes the window; the app should then exit by itself.
      await Promise.race([browser.deleteSession().catch(() => {}), sleep(5_000)]);
      debug('stop: session deleted; still running:', marker && markedPids(marker).length);
    }
    if (driver && driver.exitCode === null && driver.signalCode === null) {
      signal(-driver.pid, 'SIGTERM');
    }
    if (marker && !(await waitForExit(marker, 5_000))) {
      for (const pid of markedPids(marker)) signal(pid, 'SIGKILL');
      if (driver) signal(-driver.pid, 'SIGKILL');
      await waitForExit(marker, 5_000);
    }
    live.delete(this);
    debug('stop: done');
  }

  /** Quits the app and starts it again on the same data dir. */
  async restart() {
    await this.stop();
    return this.start();
  }

  /** Always safe to call: stops everything and removes the temp data dir (E2E_KEEP_DATA=1 keeps it). */
  async close() {
    await this.stop();
    if (this.ownsDataDir && !process.env.E2E_KEEP_DATA) {
      rmSync(this.dataDir, { recursive: true, force: true });
      rmSync(this.logFile, { force: true });
    }
  }

  /**
   * Saves a screenshot of the window: a WebDriver screenshot, or, when that fails or hangs, a capture
   * of the whole X display (ImageMagick's `import`). Returns the file, or null.
   */
  async screenshot(name) {
    const file = join(screenshotDir(), `${name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120)}.png`);
    if (this.browser) {
      try {
        const png = await Promise.race([
          this.browser.takeScreenshot(),
          sleep(SCREENSHOT_TIMEOUT_MS).then(() => Promise.reject(new Error('timed out'))),
        ]);
        writeFileSync(file, Buffer.from(png, 'base64'));
        return file;
      } catch {
        // fall through to the X display
      }
    }
    if (process.env.DISPLAY && existsSync('/usr/bin/import')) {
      try {
        execFileSync('/usr/bin/import', ['-window', 'root', file], { timeout: 10_000, stdio: 'ignore' });
        return file;
      } catch {
        // nothing more to try
      }
    }
    return null;
  }

  /** Pids of every process this app's current run started (empty once stopped). */
  processes() {
    return this.marker ? markedPids(this.marker) : [];
  }

  driverLog(lines = 40) {
    return tail(this.logFile, lines);
  }
}

/**
 * Starts the app on a fresh temporary data dir (or `dataDir` if given) and opens a WebDriver session.
 * Returns an App with `.browser` (webdriverio), `.restart()`, `.close()`, `.screenshot(name)`.
 */
export async function launchApp({ dataDir, env = {}, application = appPath() } = {}) {
  if (!existsSync(application)) {
    throw new Error(`app binary not found: ${application} (build it with: cargo build -p connectdesk)`);
  }
  const ownsDataDir = !dataDir;
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'connectdesk-e2e-data-'));
  const app = new App({ application, dataDir: dir, ownsDataDir, env });
  try {
    return await app.start();
  } catch (err) {
    await app.close();
    throw err;
  }
}

/**
 * Sequential steps of one flow sharing one app (node:test `it`s inside a `describe`).
 * A failing step saves a screenshot and the driver log tail; the steps after it are skipped.
 *   const step = flow(() => app, it);
 *   step('creates a workspace', async (browser) => { ... });
 */
export function flow(getApp, it) {
  let failed = null;
  return (name, options, fn) => {
    if (typeof options === 'function') [options, fn] = [{}, options];
    return it(name, options, async (t) => {
      if (failed) {
        t.skip(`skipped: earlier step "${failed}" failed`);
        return;
      }
      const app = getApp();
      try {
        if (!app) throw new Error('the app did not start (see the before hook)');
        await fn(app.browser, app);
      } catch (err) {
        failed = name;
        const shot = app ? await app.screenshot(`${t.fullName ?? name}`) : null;
        const notes = [];
        if (shot) notes.push(`screenshot: ${shot}`);
        if (app) notes.push(`--- tauri-driver / app log tail ---\n${app.driverLog(30)}`);
        if (notes.length && err instanceof Error) err.message += `\n${notes.join('\n')}`;
        throw err;
      }
    });
  };
}
