// Each section's screen, loaded when it is first shown: the start-up bundle holds the shell
// (header, sidebar, banners) and not every section's code, so the window paints sooner.

import type { Component } from 'svelte';
import type { SectionId } from './sections';

/** The props every section view may take (Settings opens the shortcuts list). */
export interface SectionViewProps {
  onshortcuts?: () => void;
}

// Sections take no props or some of these; a component's own props are checked where it is
// written, so the table takes any of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loader = () => Promise<{ default: Component<any> }>;

export const SECTION_VIEWS: Partial<Record<SectionId, Loader>> = {
  workspaces: () => import('../workspaces/WorkspacesSection.svelte'),
  connections: () => import('../connections/ConnectionsSection.svelte'),
  onboarding: () => import('../onboarding/OnboardingSection.svelte'),
  accounts: () => import('../accounts/AccountsSection.svelte'),
  payments: () => import('../payments/PaymentsSection.svelte'),
  transfers: () => import('../transfers/TransfersSection.svelte'),
  balances: () => import('../balances/BalancesSection.svelte'),
  payouts: () => import('../payouts/PayoutsSection.svelte'),
  disputes: () => import('../disputes/DisputesSection.svelte'),
  events: () => import('../events/EventsSection.svelte'),
  fees: () => import('../fees/FeesSection.svelte'),
  operations: () => import('../operations/OperationsSection.svelte'),
  operators: () => import('../operators/OperatorsSection.svelte'),
  audit: () => import('../audit/AuditSection.svelte'),
  settings: () => import('../settings/SettingsSection.svelte'),
};
