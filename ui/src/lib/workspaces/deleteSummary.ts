import type { WorkspaceDeletePreview } from '../bindings';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the delete confirmation says goes, from the core's counts. */
export function deleteSummary(preview: WorkspaceDeletePreview): string {
  const { workspace, connections, onboardingEntries } = preview;
  const erased = connections === 0 ? '' : connections === 1 ? ' (its secrets are erased)' : ' (their secrets are erased)';
  return (
    `Deletes the workspace “${workspace.name}”, its ${count(connections, 'connection', 'connections')}${erased} ` +
    `and ${count(onboardingEntries, 'onboarding entry', 'onboarding entries')}. Stripe accounts are not affected.`
  );
}
