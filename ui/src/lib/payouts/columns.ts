import type { Payout } from '../bindings';
import type { Column } from '../datatable/types';
import { formatMoney } from '../format/money';

/** "STRIPE TEST BANK ••••6789", or what is known of the bank. */
export function bankWords(payout: Pick<Payout, 'bank'>): string {
  const bank = payout.bank;
  if (!bank) return '—';
  const last4 = bank.last4 ? `••••${bank.last4}` : '';
  return [bank.name, last4].filter(Boolean).join(' ') || bank.id;
}

/** The payouts table (fits 1280 px; the creation time is in the detail). The core sorts payouts
 *  by id, amount, arrival date and created. */
export const PAYOUT_COLUMNS: Column<Payout>[] = [
  { key: 'arrivalDate', label: 'Arrival', kind: 'date', sortField: 'arrivalDate', firstDirection: 'desc', value: (p) => p.arrivalDate, width: '7.5rem' },
  { key: 'payoutId', label: 'Payout', kind: 'id', value: (p) => p.payoutId, maxWidth: '9rem' },
  { key: 'account', label: 'Account', kind: 'id', value: (p) => p.accountId, maxWidth: '8.5rem' },
  { key: 'merchant', label: 'Merchant', value: (p) => p.merchantId, maxWidth: '6.5rem' },
  { key: 'amount', label: 'Amount', kind: 'money', sortField: 'amount', firstDirection: 'desc', value: (p) => formatMoney(p.amount, p.currency) },
  { key: 'status', label: 'Status', value: (p) => p.statusWords },
  { key: 'bank', label: 'Bank', value: (p) => bankWords(p), maxWidth: '9rem' },
];
