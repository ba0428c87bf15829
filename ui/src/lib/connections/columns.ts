import type { Connection } from '../bindings';
import type { Column } from '../datatable/types';
import { keyHint } from './form';

/** "Available", "Unavailable: <reason>" or "Not tested", as the row reads. */
export function lastTestWords(connection: Connection): string {
  const last = connection.lastTest;
  if (!last) return 'Not tested';
  return last.available ? 'Available' : `Unavailable: ${last.reason ?? 'no reason given'}`;
}

/**
 * The connection table. Sortable by what the core allows (connectionName, stripeAccountId,
 * updatedAt here; also id and createdAt); mode and status are filter-only fields in the core.
 */
export const CONNECTION_COLUMNS: Column<Connection>[] = [
  { key: 'name', label: 'Name', sortField: 'connectionName', value: (c) => c.connectionName },
  { key: 'account', label: 'Account', kind: 'id', sortField: 'stripeAccountId', value: (c) => c.stripeAccountId },
  { key: 'mode', label: 'Mode', value: (c) => c.mode, width: '6.5rem' },
  { key: 'status', label: 'Status', value: (c) => c.statusName, width: '7rem' },
  { key: 'lastTest', label: 'Last test', value: lastTestWords },
  { key: 'key', label: 'Key', value: keyHint },
  { key: 'updatedAt', label: 'Updated', kind: 'date', sortField: 'updatedAt', firstDirection: 'desc', value: (c) => c.updatedAt },
];
