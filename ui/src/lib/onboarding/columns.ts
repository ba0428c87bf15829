import type { OnboardingEntry } from '../bindings';
import type { Column } from '../datatable/types';
import { modeWord, statusWords } from './status';

/** The onboarding table. The core sorts by status, email, createdAt and updatedAt (and id). */
export const ONBOARDING_COLUMNS: Column<OnboardingEntry>[] = [
  { key: 'account', label: 'Account', kind: 'id', value: (e) => e.accountId, maxWidth: '12rem' },
  { key: 'email', label: 'Email', sortField: 'email', value: (e) => e.email || '—', maxWidth: '11rem' },
  { key: 'type', label: 'Type', value: (e) => e.accountType },
  { key: 'status', label: 'Status', sortField: 'status', value: (e) => statusWords(e.statusName) },
  { key: 'mode', label: 'Mode', value: (e) => modeWord(e.mode) },
  { key: 'updatedAt', label: 'Updated', kind: 'date', sortField: 'updatedAt', firstDirection: 'desc', value: (e) => e.updatedAt, width: '7.5rem' },
];
