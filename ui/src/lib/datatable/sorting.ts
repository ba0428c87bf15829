// Sort state of a table and its text form in the query language: "field:asc" / "field:desc".

export type SortDirection = 'asc' | 'desc';

export interface SortState {
  field: string;
  direction: SortDirection;
}

/**
 * What a click (or Enter) on a header does: a new column starts ascending, the sorted column flips.
 * `firstDirection` lets a column (e.g. a date) start descending instead.
 */
export function toggleSort(current: SortState | null, field: string, firstDirection: SortDirection = 'asc'): SortState {
  if (current && current.field === field) {
    return { field, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { field, direction: firstDirection };
}

/** The `sort` query parameter, or null for the collection's default order. */
export function sortParam(sort: SortState | null): string | null {
  return sort ? `${sort.field}:${sort.direction}` : null;
}

/** Reads "field:asc" back; null for anything else. */
export function parseSort(text: string | null | undefined): SortState | null {
  if (!text) return null;
  const match = /^([A-Za-z0-9_.]+):(asc|desc)$/.exec(text.trim());
  if (!match) return null;
  return { field: match[1]!, direction: match[2] as SortDirection };
}

/** The `aria-sort` value of a column header. */
export function ariaSort(sort: SortState | null, field: string): 'ascending' | 'descending' | 'none' {
  if (!sort || sort.field !== field) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}
