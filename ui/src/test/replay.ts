// Answers the UI's commands, through `mockIPC`, with what the real core answered to the same
// commands (ui/src/test/fixtures/*.json, written by crates/core/tests/ui_fixtures.rs). Nothing here
// knows a rule of the core: it only looks answers up.
//
// A scenario has steps: `calls` are the commands the UI sends in order (each answered once, then
// the next step begins); `states[i]` holds the answers to read-only commands (lists, status) at
// step i. A command that is in neither is a test the generator does not cover yet: it fails with
// a message naming it (add it to the scenario in ui_fixtures.rs and run that test).

import { mockIPC } from '@tauri-apps/api/mocks';
import type { CoreError } from '../lib/bindings';
import accounts from './fixtures/accounts.json';
import app from './fixtures/app.json';
import audit from './fixtures/audit.json';
import balances from './fixtures/balances.json';
import connections from './fixtures/connections.json';
import disputes from './fixtures/disputes.json';
import fees from './fixtures/fees.json';
import onboarding from './fixtures/onboarding.json';
import operators from './fixtures/operators.json';
import payments from './fixtures/payments.json';
import payouts from './fixtures/payouts.json';
import settings from './fixtures/settings.json';
import transfers from './fixtures/transfers.json';
import workspaces from './fixtures/workspaces.json';

type Response = { ok: unknown } | { error: CoreError };
interface Exchange {
  cmd: string;
  args: unknown;
  response: Response;
}
interface Scenario {
  states: Exchange[][];
  calls: Exchange[];
}

const FILES = { accounts, app, audit, balances, connections, disputes, fees, onboarding, operators, payments, payouts, settings, transfers, workspaces } as unknown as Record<
  string,
  Record<string, Scenario>
>;

/** `file/scenario`, e.g. `workspaces/sample`. */
export type ScenarioName =
  `${'accounts' | 'app' | 'audit' | 'balances' | 'connections' | 'disputes' | 'fees' | 'onboarding' | 'operators' | 'payments' | 'payouts' | 'settings' | 'transfers' | 'workspaces'}/${string}`;

export const PASS = Symbol('pass');
const LATER = Symbol('later');

/** An override's answer: the recorded one (taken in order now), given only once `gate` resolves,
 *  so a test can look at the window while a command runs (a sync's progress bar). */
export function later(gate: Promise<unknown>): { [LATER]: Promise<unknown> } {
  return { [LATER]: gate };
}

function isLater(value: unknown): value is { [LATER]: Promise<unknown> } {
  return typeof value === 'object' && value !== null && LATER in value;
}

/** Commands that leave the store as it was (the generator records them in order all the same). */
const CHANGES_NOTHING = new Set([
  'test_draft_connection',
  'test_connection',
  'check_onboarding_form',
  'open_external_link',
  'preview_fee',
  'cancel_task',
  // A new file in Downloads and an audit record: nothing a list here shows.
  'export_accounts',
]);
/** Answers a command in place of the recording (a pending promise, a failure the core cannot be
 *  brought to produce here); `PASS` leaves it to the recording. */
export type Override = (cmd: string, args: Record<string, unknown>) => unknown;

/** JSON with sorted keys and without undefined members, to compare arguments. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function scenario(name: ScenarioName): Scenario {
  const [file, key] = name.split('/') as [string, string];
  const found = FILES[file]?.[key];
  if (!found) throw new Error(`No recorded scenario ${name} in ui/src/test/fixtures/${file}.json`);
  return found;
}

function answer(response: Response): unknown {
  if ('error' in response) throw response.error;
  return response.ok;
}

/** Installs the recording as the window's backend; `argsOf` lists what the UI sent. */
export function replay(name: ScenarioName, override?: Override) {
  const recorded = scenario(name);
  let step = 0;
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const custom = override?.(cmd, args);
    if (isLater(custom)) {
      let recordedNow: () => unknown;
      try {
        const value = lookUp(cmd, args);
        recordedNow = () => value;
      } catch (error) {
        recordedNow = () => {
          throw error;
        };
      }
      return custom[LATER].then(recordedNow);
    }
    if (custom !== undefined && custom !== PASS) return custom;
    return lookUp(cmd, args);
  }, { shouldMockEvents: true });

  /** The recorded answer to `cmd` at this point of the scenario (moving it on), or a failure. */
  function lookUp(cmd: string, args: Record<string, unknown>): unknown {
    const sent = canonical(args);
    // A test may leave out recorded commands that changed nothing: refused ones (the core checks
    // a whole form before it changes anything) and ones that only ask Stripe or check input.
    for (let j = step; j < recorded.calls.length; j += 1) {
      const candidate = recorded.calls[j]!;
      if (candidate.cmd === cmd && canonical(candidate.args) === sent) {
        step = j + 1;
        return answer(candidate.response);
      }
      if (!('error' in candidate.response) && !CHANGES_NOTHING.has(candidate.cmd)) break;
    }
    const next = recorded.calls[step];
    const read = recorded.states[step]?.find((e) => e.cmd === cmd && canonical(e.args) === sent);
    if (read) return answer(read.response);
    const message = `Scenario ${name} has no recorded answer to ${cmd} ${sent} at step ${step} (next recorded: ${next ? `${next.cmd} ${canonical(next.args)}` : 'none'}).`;
    console.error(message);
    throw new Error(message);
  }
  return {
    calls,
    argsOf: (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args),
    /** How many recorded commands the UI has sent so far. */
    step: () => step,
  };
}

/** The answer a recorded command gave (for values the core chose, such as ids and URLs). */
export function recordedAnswer(name: ScenarioName, cmd: string, index = 0): unknown {
  const matches = scenario(name).calls.filter((c) => c.cmd === cmd);
  const found = matches[index];
  if (!found) throw new Error(`Scenario ${name} has no recorded ${cmd} #${index}`);
  return 'ok' in found.response ? found.response.ok : found.response.error;
}
