import type { AuditRecord } from '../bindings';
import type { Column } from '../datatable/types';
import { OUTCOME_WORDS, targetWords } from './words';

/** The audit log's table; the core sorts it by id and createdAt. */
export const AUDIT_COLUMNS: Column<AuditRecord>[] = [
  { key: 'createdAt', label: 'Time', kind: 'date', sortField: 'createdAt', firstDirection: 'desc', value: (r) => r.createdAt, width: '11rem' },
  { key: 'operator', label: 'Operator', value: (r) => r.operatorName },
  { key: 'action', label: 'Action', value: (r) => r.action },
  { key: 'target', label: 'Target', value: targetWords },
  { key: 'outcome', label: 'Outcome', value: (r) => OUTCOME_WORDS[r.outcome], width: '7rem' },
  { key: 'changes', label: 'Changes', kind: 'number', value: (r) => r.changes.length, width: '6rem' },
];
