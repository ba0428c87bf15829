// App statuses of other operators, as the real core answered them, for tests of what a section
// shows to someone who may do less. The permissions are the core's (recorded after Sam Support
// switched in, operators.json "switch"); no test writes a permission list by hand.

import type { AppStatus } from '../lib/bindings';
import { PASS, scenario, type Override, type ScenarioName } from './replay';

/** The last `get_app_status` answer recorded in a scenario. */
export function recordedStatus(name: ScenarioName): AppStatus {
  const answers = scenario(name)
    .states.flat()
    .filter((e) => e.cmd === 'get_app_status')
    .map((e) => ('ok' in e.response ? (e.response.ok as AppStatus) : null));
  const last = answers.at(-1);
  if (!last) throw new Error(`Scenario ${name} has no recorded app status`);
  return last;
}

/** Sam Support, working in every workspace, as the core answered after the switch. */
export function supportStatus(): AppStatus {
  const status = recordedStatus('operators/switch');
  if (status.operator?.displayName !== 'Sam Support') {
    throw new Error(`operators/switch ends with ${status.operator?.displayName ?? 'no operator'}, not Sam Support`);
  }
  return status;
}

/** `base` as `who` would see it: the same workspace and data, `who`'s operator and permissions. */
export function asOperator(base: AppStatus, who: AppStatus): AppStatus {
  return { ...base, operator: who.operator, permissions: who.permissions };
}

/** Answers `get_app_status` with scenario `name`'s first status as Sam Support sees it. */
export function asSupport(name: ScenarioName): Override {
  const first = scenario(name).states[0]?.find((e) => e.cmd === 'get_app_status');
  if (!first || !('ok' in first.response)) throw new Error(`Scenario ${name} has no app status at its first step`);
  const status = asOperator(first.response.ok as AppStatus, supportStatus());
  return (cmd) => (cmd === 'get_app_status' ? status : PASS);
}
