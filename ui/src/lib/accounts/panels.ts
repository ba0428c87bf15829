// The account detail's panels that other features bring, in the order they show under the
// account's own sections (to-do list, capabilities, business profile). Each feature owns its
// panel component, given the workspace and the account id, and brings its own heading; a panel
// shows when the operator holds `needs` (the core still decides what each one may read).

import type { Component } from 'svelte';
import type { Permission } from '../bindings';
import BalancePanel from '../balances/BalancePanel.svelte';
import BalanceCharts from '../charts/BalanceCharts.svelte';
import AccountPayouts from '../payouts/AccountPayouts.svelte';
import PayoutScheduleEditor from '../payouts/PayoutScheduleEditor.svelte';
import AccountTransfers from '../transfers/AccountTransfers.svelte';

export interface AccountPanel {
  id: 'balance' | 'payoutSchedule' | 'balanceHistory' | 'payouts' | 'transfers';
  /** The region's accessible name. */
  title: string;
  needs: Permission;
  component: Component<{ workspaceId: number; accountId: string }>;
}

export const ACCOUNT_PANELS: AccountPanel[] = [
  { id: 'balance', title: 'Balance', needs: 'viewMoney', component: BalancePanel },
  { id: 'payoutSchedule', title: 'Payout schedule', needs: 'viewMoney', component: PayoutScheduleEditor },
  { id: 'balanceHistory', title: 'Balance and payouts over time', needs: 'viewMoney', component: BalanceCharts },
  { id: 'payouts', title: 'Recent payouts', needs: 'viewMoney', component: AccountPayouts },
  { id: 'transfers', title: 'Transfers', needs: 'viewMoney', component: AccountTransfers },
];
