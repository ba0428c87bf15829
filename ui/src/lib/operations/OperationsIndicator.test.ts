import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppStatus, OpenCounts } from '../bindings';
import Header from '../shell/Header.svelte';
import { OpenOperationsStore } from './openOperations.svelte';
import { countParts } from './words';

const STATUS = { mode: 'SANDBOX', activeWorkspace: null, activeConnection: null } as unknown as AppStatus;

/** The core's count, changeable between refreshes. */
function countsFromCore(initial: OpenCounts) {
  let counts = initial;
  const calls: string[] = [];
  mockIPC((cmd) => {
    calls.push(cmd);
    if (cmd === 'count_open_operations') return counts;
    throw `command ${cmd} not found`;
  });
  return { set: (next: OpenCounts) => (counts = next), calls };
}

async function renderHeader(store: OpenOperationsStore) {
  await store.refresh();
  const view = render(Header, { status: STATUS, openOperations: store.counts, onshortcuts: () => {} });
  return {
    rerender: async () => {
      await store.refresh();
      await view.rerender({ status: STATUS, openOperations: store.counts, onshortcuts: () => {} });
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('open operations in the header', () => {
  it('shows pending in amber and needs-a-decision in red, linking to the section', async () => {
    const core = countsFromCore({ pending: 2, needsDecision: 1 });
    await renderHeader(new OpenOperationsStore());
    const link = screen.getByTestId('header-operations');
    expect(link).toHaveTextContent('2 pending · 1 needs a decision');
    expect(link).toHaveAttribute('href', '#/operations');
    expect(link.tagName).toBe('A'); // reachable with Tab, opened with Enter
    expect(screen.getByTestId('header-operations-pending')).toHaveClass('pending');
    expect(screen.getByTestId('header-operations-decision')).toHaveClass('decision');
    expect(link).toHaveClass('urgent');
    expect(core.calls).toEqual(['count_open_operations']);
  });

  it('hides at zero and shows again when the count rises', async () => {
    const core = countsFromCore({ pending: 1, needsDecision: 0 });
    const store = new OpenOperationsStore();
    const view = await renderHeader(store);
    expect(screen.getByTestId('header-operations')).toHaveTextContent(/^Pending operations: 1 pending$/);
    expect(screen.getByTestId('header-operations')).not.toHaveClass('urgent');
    expect(screen.queryByTestId('header-operations-decision')).not.toBeInTheDocument();

    core.set({ pending: 0, needsDecision: 0 });
    await view.rerender();
    expect(screen.queryByTestId('header-operations')).not.toBeInTheDocument();

    core.set({ pending: 0, needsDecision: 3 });
    await view.rerender();
    expect(screen.getByTestId('header-operations')).toHaveTextContent(/^Pending operations: 3 need a decision$/);
  });

  it('hides when the count cannot be read', async () => {
    mockIPC(() => {
      throw { code: 'internalError', message: 'The store is closed.', field: null, fieldErrors: [] };
    });
    const store = new OpenOperationsStore();
    await renderHeader(store);
    expect(store.counts).toBeNull();
    expect(screen.queryByTestId('header-operations')).not.toBeInTheDocument();
  });

  it('polls on an interval until stopped', async () => {
    vi.useFakeTimers();
    const fetchCounts = vi.fn(async () => ({ pending: 1, needsDecision: 0 }));
    const store = new OpenOperationsStore(fetchCounts);
    const stop = store.poll(15_000);
    expect(fetchCounts).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(fetchCounts).toHaveBeenCalledTimes(1);
    flushSync();
    expect(store.counts).toEqual({ pending: 1, needsDecision: 0 });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fetchCounts).toHaveBeenCalledTimes(3);
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchCounts).toHaveBeenCalledTimes(3);
  });

  it('words the counts', () => {
    expect(countParts(null)).toEqual({ pending: null, decision: null });
    expect(countParts({ pending: 0, needsDecision: 0 })).toEqual({ pending: null, decision: null });
    expect(countParts({ pending: 12, needsDecision: 1 })).toEqual({ pending: '12 pending', decision: '1 needs a decision' });
  });
});
