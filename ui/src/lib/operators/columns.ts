import type { Operator } from '../bindings';
import type { Column } from '../datatable/types';

/** The operators' table; the core sorts by id, displayName, createdAt and updatedAt. */
export function operatorColumns(rolesInWords: (o: Operator) => string): Column<Operator>[] {
  return [
    { key: 'displayName', label: 'Name', sortField: 'displayName', value: (o) => o.displayName },
    { key: 'roles', label: 'Roles', value: rolesInWords },
    { key: 'pin', label: 'PIN', value: (o) => (o.hasPin ? 'Set' : 'Not set'), width: '6.5rem' },
    { key: 'active', label: 'Status', value: (o) => (o.active ? 'Active' : 'Deactivated'), width: '7.5rem' },
  ];
}
