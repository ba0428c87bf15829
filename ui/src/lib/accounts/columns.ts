import type { ConnectedAccount } from '../bindings';
import type { Column } from '../datatable/types';
import { kindLabel, statusLabel, yesNo } from './words';

/** The accounts table. The core sorts accounts by id, business name, country and created. */
export const ACCOUNT_COLUMNS: Column<ConnectedAccount>[] = [
  { key: 'accountId', label: 'Account', kind: 'id', value: (a) => a.accountId, maxWidth: '10rem' },
  { key: 'businessName', label: 'Business name', sortField: 'businessName', value: (a) => a.businessName, maxWidth: '14rem' },
  { key: 'type', label: 'Type', value: (a) => kindLabel(a.accountType), width: '6rem' },
  { key: 'country', label: 'Country', sortField: 'country', value: (a) => a.country, width: '5.5rem' },
  { key: 'status', label: 'Status', value: (a) => statusLabel(a.status), width: '7rem' },
  { key: 'charges', label: 'Charges', value: (a) => yesNo(a.chargesEnabled), width: '5.5rem' },
  { key: 'payouts', label: 'Payouts', value: (a) => yesNo(a.payoutsEnabled), width: '5.5rem' },
  { key: 'created', label: 'Created', kind: 'date', sortField: 'created', firstDirection: 'desc', value: (a) => a.created, width: '7.5rem' },
];
