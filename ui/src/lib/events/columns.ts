import type { EventRow } from '../bindings';
import type { Column } from '../datatable/types';
import { forwardWords, SOURCE_WORDS, STATE_WORDS } from './words';

/** The events table. The core sorts events by id (arrival) and created (at Stripe). */
export const EVENT_COLUMNS: Column<EventRow>[] = [
  { key: 'eventType', label: 'Type', value: (e) => e.eventType },
  { key: 'account', label: 'Account', kind: 'id', value: (e) => e.account ?? '—', maxWidth: '8rem' },
  { key: 'created', label: 'At Stripe', kind: 'date', sortField: 'created', firstDirection: 'desc', value: (e) => new Date(e.created * 1000).toISOString(), width: '8rem' },
  { key: 'source', label: 'Came by', value: (e) => SOURCE_WORDS[e.source] },
  { key: 'state', label: 'Applied', value: (e) => STATE_WORDS[e.state] },
  { key: 'forwarding', label: 'Partner', value: (e) => forwardWords(e) },
];
