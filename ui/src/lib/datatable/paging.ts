// Token paging: the core returns an opaque `nextPageToken`; going back means remembering the tokens
// that fetched the earlier pages. The stack holds the token of every page up to the current one
// (the first page's token is null), so Previous is a pop and the page number is the stack's depth.

export interface PageStack {
  /** tokens[i] fetched page i; tokens[0] is always null. Never empty. */
  readonly tokens: readonly (string | null)[];
}

export function firstPage(): PageStack {
  return { tokens: [null] };
}

/** The token to send for the current page. */
export function currentToken(stack: PageStack): string | null {
  return stack.tokens[stack.tokens.length - 1] ?? null;
}

/** Zero-based index of the current page. */
export function pageIndex(stack: PageStack): number {
  return stack.tokens.length - 1;
}

export function hasPrevious(stack: PageStack): boolean {
  return stack.tokens.length > 1;
}

/** Whether the loaded page says there is more to fetch. */
export function hasNext(page: { endReached: boolean; nextPageToken?: string | null } | null): boolean {
  return page !== null && !page.endReached && typeof page.nextPageToken === 'string' && page.nextPageToken !== '';
}

/** Moves to the page after the current one. */
export function nextPage(stack: PageStack, nextPageToken: string): PageStack {
  return { tokens: [...stack.tokens, nextPageToken] };
}

/** Moves back one page; stays on the first page. */
export function previousPage(stack: PageStack): PageStack {
  return stack.tokens.length > 1 ? { tokens: stack.tokens.slice(0, -1) } : stack;
}

/**
 * "1–25 of 230" for the rows on screen, assuming (as token paging guarantees) that every earlier
 * page was full. `format` writes the numbers (thousands separators).
 */
export function rangeLabel(
  index: number,
  size: number,
  shown: number,
  total: number,
  format: (n: number) => string = String,
): string {
  if (shown <= 0) return `0 of ${format(total)}`;
  const start = index * size + 1;
  const end = index * size + shown;
  return `${format(start)}–${format(end)} of ${format(total)}`;
}
