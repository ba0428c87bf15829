import type { Operation } from '../bindings';
import type { Column } from '../datatable/types';
import { kindWords, stateWords, targetPlace } from './words';

/** The journal's table. The core sorts operations by id, createdAt and updatedAt. */
export const OPERATION_COLUMNS: Column<Operation>[] = [
  { key: 'what', label: 'What', value: (o) => `${o.summary} (${kindWords(o.kind)})`, maxWidth: '16rem' },
  { key: 'state', label: 'State', value: (o) => stateWords(o.state) },
  { key: 'createdAt', label: 'When', kind: 'date', sortField: 'createdAt', firstDirection: 'desc', value: (o) => o.createdAt },
  { key: 'target', label: 'Target', value: (o) => targetPlace(o.target) },
  { key: 'attempts', label: 'Attempts', kind: 'number', value: (o) => o.attempts },
  { key: 'lastError', label: 'Last error', value: (o) => o.lastError ?? o.failure?.message ?? null, maxWidth: '18rem' },
];
