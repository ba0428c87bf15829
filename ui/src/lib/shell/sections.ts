// The sidebar's sections, in order. `key` is the letter of the "g <key>" shortcut; the first nine
// are also Alt+1 … Alt+9.

import type { Permission } from '../bindings';
import type { IconName } from '../ui/icons';

export type SectionId =
  | 'workspaces'
  | 'connections'
  | 'onboarding'
  | 'accounts'
  | 'payments'
  | 'transfers'
  | 'payouts'
  | 'balances'
  | 'fees'
  | 'disputes'
  | 'events'
  | 'operations'
  | 'operators'
  | 'audit'
  | 'settings';

export interface Section {
  id: SectionId;
  label: string;
  icon: IconName;
  key: string;
  group: 'setup' | 'connect' | 'money' | 'activity' | 'app';
  /** False while the section is still to come: it then says so, and shows nothing else. */
  built: boolean;
  /** One sentence on what the section is for. */
  purpose: string;
  /** Shown only to operators with this permission for the whole installation (the core still refuses the rest). */
  needs?: Permission;
}

export const SECTIONS: readonly Section[] = [
  { id: 'workspaces', label: 'Workspaces', icon: 'workspaces', key: 'w', group: 'setup', built: true,
    purpose: 'A workspace keeps one Stripe platform’s connections and data apart from the others.' },
  { id: 'connections', label: 'Connections', icon: 'connections', key: 'c', group: 'setup', built: true,
    purpose: 'Connect a workspace to a Stripe platform account with its API keys.' },
  { id: 'onboarding', label: 'Onboarding', icon: 'onboarding', key: 'o', group: 'connect', built: true,
    purpose: 'Invite sellers and follow their Connect onboarding until they can take payments.' },
  { id: 'accounts', label: 'Accounts', icon: 'accounts', key: 'a', group: 'connect', built: true,
    purpose: 'The connected accounts of your platform, their capabilities and requirements.' },
  { id: 'payments', label: 'Payments', icon: 'payments', key: 'p', group: 'money', built: true, needs: 'viewMoney',
    purpose: 'Charges and payment intents across your connected accounts.' },
  { id: 'transfers', label: 'Transfers', icon: 'transfers', key: 't', group: 'money', built: true, needs: 'viewMoney',
    purpose: 'Money moved from your platform balance to connected accounts.' },
  { id: 'payouts', label: 'Payouts', icon: 'payouts', key: 'u', group: 'money', built: true, needs: 'viewMoney',
    purpose: 'Money sent from Stripe balances to bank accounts and debit cards.' },
  { id: 'balances', label: 'Balances', icon: 'balances', key: 'b', group: 'money', built: true, needs: 'viewMoney',
    purpose: 'Available and pending balances of the platform and each connected account.' },
  { id: 'fees', label: 'Fees', icon: 'fees', key: 'f', group: 'money', built: true, needs: 'viewFees',
    purpose: 'The platform’s application fee rules: default, volume tiers and per-merchant overrides, per currency.' },
  { id: 'disputes', label: 'Disputes', icon: 'disputes', key: 'd', group: 'money', built: true, needs: 'viewDisputes',
    purpose: 'Chargebacks that need evidence, with their deadlines.' },
  { id: 'events', label: 'Events', icon: 'events', key: 'e', group: 'activity', built: true, needs: 'viewWorkspace',
    purpose: 'What happened on your platform, as Stripe reported it.' },
  { id: 'operations', label: 'Pending operations', icon: 'pending', key: 'q', group: 'app', built: true,
    purpose: 'Stripe writes ConnectDesk sent whose outcome is not confirmed yet, and what to do about them.' },
  { id: 'operators', label: 'Operators', icon: 'operators', key: 'r', group: 'app', built: true, needs: 'manageOperators',
    purpose: 'Who uses ConnectDesk on this machine, their roles per workspace and their PINs.' },
  { id: 'audit', label: 'Audit', icon: 'audit', key: 'l', group: 'app', built: true, needs: 'viewAudit',
    purpose: 'Every change, refusal and Stripe write, with who did it; Verify checks nothing was altered.' },
  { id: 'settings', label: 'Settings', icon: 'settings', key: 's', group: 'app', built: true,
    purpose: 'The offline sandbox, how Stripe secrets are protected, and this installation.' },
];

export const GROUP_LABELS: Record<Section['group'], string | null> = {
  setup: null,
  connect: 'Connect',
  money: 'Money',
  activity: 'Activity',
  app: 'System',
};

export const DEFAULT_SECTION: SectionId = 'workspaces';

export function sectionById(id: SectionId): Section {
  return SECTIONS.find((s) => s.id === id) ?? SECTIONS[0]!;
}

/** "#/payouts" → "payouts"; anything unknown → the default section. */
export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0]?.toLowerCase() ?? '';
  return SECTIONS.some((s) => s.id === id) ? (id as SectionId) : DEFAULT_SECTION;
}

export function hashFor(id: SectionId): string {
  return `#/${id}`;
}

/** Plain statement for a section that is not built yet. */
export function comingSoonMessage(section: Section): string {
  const verb = section.label.endsWith('s') ? 'arrive' : 'arrives';
  return `${section.label} ${verb} in a coming release.`;
}
