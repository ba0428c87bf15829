import type { Operation } from '../bindings';
import type { Column } from '../datatable/types';
import { kindWords, stateWords, targetPlace } from './words';

/**
 * The journal's table. The core sorts operations by id, createdAt and updatedAt. What and Last
 * error wrap (the section's cells), so the table fits the window and the actions stay in view.
 */
export const OPERATION_COLUMNS: Column<Operation>[] = [
  { key: 'what', label: 'What', value: (o) => `${o.summary} (${kindWords(o.kind)})` },
  { key: 'state', label: 'State', value: (o) => stateWords(o.state) },
  { key: 'createdAt', label: 'When', kind: 'date', sortField: 'createdAt', firstDirection: 'desc', value: (o) => o.createdAt },
  { key: 'target', label: 'Target', value: (o) => targetPlace(o.target) },
  { key: 'attempts', label: 'Attempts', kind: 'number', value: (o) => o.attempts, width: '5.5rem' },
  { key: 'lastError', label: 'Last error', value: (o) => o.lastError ?? o.failure?.message ?? null },
];
