import type { Transfer } from '../bindings';
import type { Column } from '../datatable/types';
import { formatMoney } from '../format/money';
import { statusWords } from './words';

/** The transfers table. The core sorts transfers by id, amount and created. */
export const TRANSFER_COLUMNS: Column<Transfer>[] = [
  { key: 'created', label: 'Created', kind: 'date', sortField: 'created', firstDirection: 'desc', value: (t) => t.created, width: '7.5rem' },
  { key: 'transferId', label: 'Transfer', kind: 'id', value: (t) => t.transferId, maxWidth: '8rem' },
  { key: 'account', label: 'Account', kind: 'id', value: (t) => t.accountId, maxWidth: '7.5rem' },
  { key: 'merchant', label: 'Merchant', value: (t) => t.merchantId, maxWidth: '6rem' },
  { key: 'amount', label: 'Amount', kind: 'money', sortField: 'amount', firstDirection: 'desc', value: (t) => formatMoney(t.amount, t.currency) },
  { key: 'reversed', label: 'Reversed', kind: 'money', value: (t) => formatMoney(t.amountReversed, t.currency) },
  { key: 'status', label: 'Status', value: (t) => statusWords(t.status) },
  { key: 'description', label: 'Description', value: (t) => t.description, maxWidth: '7rem' },
];
