// Builds the list request a table sends, in the core's query language.

import type { FilterInput, ListQuery } from '../bindings';
import { sortParam, type SortState } from './sorting';

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;

export interface TableQueryState {
  size: number;
  pageToken: string | null;
  sort: SortState | null;
  /** The field the filter box searches, e.g. "name"; no filter when absent. */
  filterField?: string | null;
  /** The filter box's text; blank means no filter. */
  filterText?: string;
}

/** The trimmed filter text, or null when the box is blank. */
export function effectiveFilter(text: string | undefined | null): string | null {
  const trimmed = (text ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

export function buildListQuery(state: TableQueryState): ListQuery {
  const filters: FilterInput[] = [];
  const text = effectiveFilter(state.filterText);
  if (state.filterField && text !== null) {
    filters.push({ field: state.filterField, op: 'contains', value: text });
  }
  return {
    size: String(state.size),
    pageToken: state.pageToken,
    sort: sortParam(state.sort),
    filters,
  };
}
