// The audit log in words and as CSV.

import type { AuditRecord, FieldChange, FilterInput, Outcome } from '../bindings';

export const OUTCOMES: readonly Outcome[] = ['ok', 'refused', 'failed'];

export const OUTCOME_WORDS: Record<Outcome, string> = { ok: 'OK', refused: 'Refused', failed: 'Failed' };

export function outcomeTone(outcome: Outcome): 'success' | 'warning' | 'danger' {
  return outcome === 'ok' ? 'success' : outcome === 'refused' ? 'warning' : 'danger';
}

/** "operator 3", "operator" (no id: nothing was created). */
export function targetWords(record: Pick<AuditRecord, 'targetKind' | 'targetId'>): string {
  return record.targetId ? `${record.targetKind} ${record.targetId}` : record.targetKind;
}

/** A JSON value as one line: text as is, nothing as "—". */
export function valueWords(value: FieldChange['before']): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The diff's field; an empty path is the whole object (a create or a delete). */
export function fieldWords(field: string): string {
  return field === '' ? '(the whole record)' : field;
}

/** The filters of the Audit section, in the query language. */
export interface AuditFilters {
  operatorId: string;
  targetKind: string;
  targetId: string;
  outcome: '' | Outcome;
  /** Local dates, `YYYY-MM-DD`; the range includes both days. */
  from: string;
  to: string;
}

export const NO_FILTERS: AuditFilters = { operatorId: '', targetKind: '', targetId: '', outcome: '', from: '', to: '' };

function localMidnight(date: string, addDays = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const at = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export function auditFilters(f: AuditFilters): FilterInput[] {
  const out: FilterInput[] = [];
  if (f.operatorId) out.push({ field: 'operatorId', op: 'eq', value: f.operatorId });
  if (f.targetKind.trim()) out.push({ field: 'targetKind', op: 'eq', value: f.targetKind.trim() });
  if (f.targetId.trim()) out.push({ field: 'targetId', op: 'contains', value: f.targetId.trim() });
  if (f.outcome) out.push({ field: 'outcome', op: 'eq', value: f.outcome });
  const from = localMidnight(f.from);
  if (from) out.push({ field: 'createdAt', op: 'gte', value: from });
  const until = localMidnight(f.to, 1);
  if (until) out.push({ field: 'createdAt', op: 'lt', value: until });
  return out;
}
