import type { BadgeTone } from '../ui/badge';
import type { SortDirection } from './sorting';

/** How a column's value looks: ids are monospaced and copyable, money and numbers align right. */
export type ColumnKind = 'text' | 'id' | 'date' | 'number' | 'money';

export interface Column<T> {
  /** Stable key; also names the sort header's test id: `table-sort-<key>`. */
  key: string;
  /** Header text. */
  label: string;
  /** The text of the cell (already formatted for money/dates, or formatted by `kind`). */
  value: (row: T) => string | number | null;
  kind?: ColumnKind;
  /** The field to sort by in the query language; the column is sortable when set. */
  sortField?: string;
  /** Direction of the first click on this header (dates often start descending). */
  firstDirection?: SortDirection;
  /** Shows a copy button next to the value (ids). Defaults to true for kind "id". */
  copyable?: boolean;
  /** CSS width of the column, e.g. "8rem". */
  width?: string;
  /** Cuts longer text with an ellipsis (the whole value shows on hover), so one long value
   *  cannot push the row's actions out of view. */
  maxWidth?: string;
}

/** One line of a detail panel's short list (see RecentRows.svelte). */
export interface RecentRow {
  key: string;
  when: string;
  label: string;
  /** The tone follows the label's word when absent. */
  status: { label: string; tone?: BadgeTone; title?: string };
  amount: string;
}
