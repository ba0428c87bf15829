import type { Payment } from '../bindings';
import type { Column } from '../datatable/types';
import { formatMoney } from '../format/money';
import { paymentState } from './words';

/** The payments table. The core sorts payments by id, amount and created. */
export const PAYMENT_COLUMNS: Column<Payment>[] = [
  { key: 'created', label: 'Created', kind: 'date', sortField: 'created', firstDirection: 'desc', value: (p) => p.created, width: '7.5rem' },
  { key: 'paymentIntentId', label: 'Payment intent', kind: 'id', value: (p) => p.paymentIntentId, maxWidth: '9rem' },
  { key: 'account', label: 'Account', kind: 'id', value: (p) => p.accountId, maxWidth: '8.5rem' },
  { key: 'merchant', label: 'Merchant', value: (p) => p.merchantId, maxWidth: '6.5rem' },
  { key: 'amount', label: 'Amount', kind: 'money', sortField: 'amount', firstDirection: 'desc', value: (p) => formatMoney(p.amount, p.currency) },
  { key: 'fee', label: 'App. fee', kind: 'money', value: (p) => formatMoney(p.applicationFeeAmount, p.currency) },
  { key: 'status', label: 'Status', value: (p) => paymentState(p).label },
  { key: 'orderId', label: 'Order', value: (p) => p.orderId, maxWidth: '6.5rem' },
];
