import type { Workspace } from '../bindings';
import type { Column } from '../datatable/types';

/** The workspace table: sortable by every field the core allows (id, name, createdAt, updatedAt). */
export const WORKSPACE_COLUMNS: Column<Workspace>[] = [
  { key: 'id', label: 'ID', kind: 'id', sortField: 'id', value: (w) => w.id, width: '7.5rem' },
  { key: 'name', label: 'Name', sortField: 'name', value: (w) => w.name },
  { key: 'createdAt', label: 'Created', kind: 'date', sortField: 'createdAt', firstDirection: 'desc', value: (w) => w.createdAt, width: '12rem' },
  { key: 'updatedAt', label: 'Updated', kind: 'date', sortField: 'updatedAt', firstDirection: 'desc', value: (w) => w.updatedAt, width: '12rem' },
];
