import type { Dispute } from '../bindings';
import type { Column } from '../datatable/types';
import { formatMoney } from '../format/money';

/** The disputes table. The core sorts by urgencyRank (needs a response first, nearest deadline
 *  first), dueBy, amount and created. */
export const DISPUTE_COLUMNS: Column<Dispute>[] = [
  { key: 'countdown', label: 'Evidence due', sortField: 'urgencyRank', firstDirection: 'asc', value: (d) => d.countdown?.words ?? '—', width: '9rem' },
  { key: 'disputeId', label: 'Dispute', kind: 'id', value: (d) => d.disputeId, maxWidth: '6.5rem' },
  { key: 'payment', label: 'Payment', kind: 'id', value: (d) => d.paymentIntentId ?? d.chargeId ?? '—', maxWidth: '6.5rem' },
  { key: 'account', label: 'Account', kind: 'id', value: (d) => d.accountId || '—', maxWidth: '6.5rem' },
  { key: 'amount', label: 'Amount', kind: 'money', sortField: 'amount', firstDirection: 'desc', value: (d) => formatMoney(d.amount, d.currency) },
  { key: 'reason', label: 'Reason', value: (d) => d.reasonWords.label },
  { key: 'status', label: 'Status', value: (d) => d.statusWords },
  { key: 'created', label: 'Opened', kind: 'date', sortField: 'created', firstDirection: 'desc', value: (d) => d.created, width: '7.5rem' },
];
