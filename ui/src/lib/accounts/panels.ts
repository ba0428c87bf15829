// The account detail's panels that other features bring, in the order they show under the
// account's own sections (to-do list, capabilities, business profile). Each is a component
// given the account; a panel shows once its component is set and the operator holds `needs`.
// Issue 14: balance, payout schedule, recent payouts and transfers plug in here.

import type { Component } from 'svelte';
import type { ConnectedAccount, Permission } from '../bindings';

export interface AccountPanel {
  id: 'balance' | 'payoutSchedule' | 'payouts' | 'transfers';
  title: string;
  needs: Permission;
  component: Component<{ account: ConnectedAccount }> | null;
}

export const ACCOUNT_PANELS: AccountPanel[] = [
  { id: 'balance', title: 'Balance', needs: 'viewMoney', component: null },
  { id: 'payoutSchedule', title: 'Payout schedule', needs: 'viewMoney', component: null },
  { id: 'payouts', title: 'Recent payouts', needs: 'viewMoney', component: null },
  { id: 'transfers', title: 'Transfers', needs: 'viewMoney', component: null },
];
