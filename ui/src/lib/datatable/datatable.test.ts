import { afterEach, describe, expect, it, vi } from 'vitest';
import { debounce } from './debounce';
import {
  currentToken,
  firstPage,
  hasNext,
  hasPrevious,
  nextPage,
  pageIndex,
  previousPage,
  rangeLabel,
} from './paging';
import { buildListQuery } from './query';
import { ariaSort, parseSort, sortParam, toggleSort } from './sorting';

describe('sorting', () => {
  it('sorts a new column ascending, then toggles it', () => {
    const first = toggleSort(null, 'name');
    expect(first).toEqual({ field: 'name', direction: 'asc' });
    const second = toggleSort(first, 'name');
    expect(second).toEqual({ field: 'name', direction: 'desc' });
    expect(toggleSort(second, 'name')).toEqual({ field: 'name', direction: 'asc' });
  });

  it('starts over ascending when another column is chosen', () => {
    expect(toggleSort({ field: 'name', direction: 'desc' }, 'id')).toEqual({ field: 'id', direction: 'asc' });
  });

  it('lets a column start descending', () => {
    expect(toggleSort(null, 'createdAt', 'desc')).toEqual({ field: 'createdAt', direction: 'desc' });
    expect(toggleSort({ field: 'createdAt', direction: 'desc' }, 'createdAt', 'desc').direction).toBe('asc');
  });

  it('writes and reads the sort parameter', () => {
    expect(sortParam({ field: 'createdAt', direction: 'desc' })).toBe('createdAt:desc');
    expect(sortParam(null)).toBeNull();
    expect(parseSort('name:asc')).toEqual({ field: 'name', direction: 'asc' });
    expect(parseSort('name')).toBeNull();
    expect(parseSort('name:up')).toBeNull();
  });

  it('gives aria-sort for every header', () => {
    const sort = { field: 'name', direction: 'desc' } as const;
    expect(ariaSort(sort, 'name')).toBe('descending');
    expect(ariaSort({ field: 'name', direction: 'asc' }, 'name')).toBe('ascending');
    expect(ariaSort(sort, 'id')).toBe('none');
    expect(ariaSort(null, 'id')).toBe('none');
  });
});

describe('paging token stack', () => {
  it('starts on the first page with no token', () => {
    const stack = firstPage();
    expect(currentToken(stack)).toBeNull();
    expect(pageIndex(stack)).toBe(0);
    expect(hasPrevious(stack)).toBe(false);
  });

  it('pushes tokens going forward and pops them going back', () => {
    let stack = firstPage();
    stack = nextPage(stack, 'tok-2');
    stack = nextPage(stack, 'tok-3');
    expect(pageIndex(stack)).toBe(2);
    expect(currentToken(stack)).toBe('tok-3');
    expect(hasPrevious(stack)).toBe(true);

    stack = previousPage(stack);
    expect(currentToken(stack)).toBe('tok-2');
    stack = previousPage(stack);
    expect(currentToken(stack)).toBeNull();
    expect(hasPrevious(stack)).toBe(false);
    // Previous on the first page stays there.
    expect(previousPage(stack)).toBe(stack);
  });

  it('does not change the stack it was given', () => {
    const stack = firstPage();
    nextPage(stack, 'tok');
    expect(stack.tokens).toEqual([null]);
  });

  it('offers Next only while the core says there is more', () => {
    expect(hasNext({ endReached: false, nextPageToken: 'abc' })).toBe(true);
    expect(hasNext({ endReached: true, nextPageToken: null })).toBe(false);
    expect(hasNext({ endReached: false, nextPageToken: null })).toBe(false);
    expect(hasNext({ endReached: true, nextPageToken: 'abc' })).toBe(false);
    expect(hasNext(null)).toBe(false);
  });

  it('labels the visible range', () => {
    expect(rangeLabel(0, 25, 25, 230)).toBe('1–25 of 230');
    expect(rangeLabel(1, 25, 25, 230)).toBe('26–50 of 230');
    expect(rangeLabel(9, 25, 5, 230)).toBe('226–230 of 230');
    expect(rangeLabel(0, 25, 0, 0)).toBe('0 of 0');
    expect(rangeLabel(40, 25, 25, 2300, (n) => n.toLocaleString('en-US'))).toBe('1,001–1,025 of 2,300');
  });
});

describe('list query', () => {
  it('sends size as text, the token, the sort and a contains filter', () => {
    expect(
      buildListQuery({
        size: 50,
        pageToken: 'tok',
        sort: { field: 'name', direction: 'asc' },
        filterField: 'name',
        filterText: '  acme ',
      }),
    ).toEqual({
      size: '50',
      pageToken: 'tok',
      sort: 'name:asc',
      filters: [{ field: 'name', op: 'contains', value: 'acme' }],
    });
  });

  it('sends no filter for a blank box', () => {
    const query = buildListQuery({ size: 25, pageToken: null, sort: null, filterField: 'name', filterText: '   ' });
    expect(query).toEqual({ size: '25', pageToken: null, sort: null, filters: [] });
  });
});

describe('debounce', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once after the quiet period, with the last arguments', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 250);
    d('a');
    d('ab');
    vi.advanceTimersByTime(249);
    expect(fn).not.toHaveBeenCalled();
    d('abc');
    vi.advanceTimersByTime(250);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith('abc');
  });

  it('flushes now and cancels', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 250);
    d(1);
    d.flush();
    expect(fn).toHaveBeenCalledWith(1);
    d(2);
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
