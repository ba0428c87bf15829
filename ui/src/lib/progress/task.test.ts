import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import { describe, expect, it } from 'vitest';
import { backend } from '../backend/ipc';
import type { ProgressUpdate } from '../bindings';
import { progressWords, RunningTask } from './task.svelte';
import TaskProgress from './TaskProgress.svelte';

function update(done: number, total: number | null, more: Partial<ProgressUpdate> = {}): ProgressUpdate {
  return { task: 'sync:accounts:1', noun: 'accounts', done, total, finished: false, cancelled: false, ...more };
}

describe('progress words', () => {
  it('counts of a known total, or so far while Stripe has not said how many', () => {
    expect(progressWords(update(312, 1000), 'accounts')).toBe('312 of 1,000 accounts');
    expect(progressWords(update(312, null), 'accounts')).toBe('312 accounts so far');
    expect(progressWords(update(1, null), 'accounts')).toBe('1 account so far');
    expect(progressWords(update(100, null, { finished: true, cancelled: true }), 'accounts')).toBe(
      'Stopped after 100 accounts; those are kept.',
    );
    expect(progressWords(null, 'accounts')).toBe('Starting…');
  });
});

describe('TaskProgress', () => {
  it('follows its own task’s updates and cancels it', async () => {
    const sent: { cmd: string; args: unknown }[] = [];
    let finish: (value: unknown) => void = () => {};
    mockIPC(
      (cmd, args) => {
        sent.push({ cmd, args });
        if (cmd === 'cancel_task') return true;
        if (cmd === 'sync_accounts') return new Promise((resolve) => (finish = resolve));
        return null;
      },
      { shouldMockEvents: true },
    );
    const task = new RunningTask('sync:accounts:1', 'accounts');
    const running = task.run((name) => backend.syncAccounts(1, name));
    render(TaskProgress, { task, label: 'Syncing accounts from Stripe', oncancel: () => void task.cancel(() => {}) });
    await waitFor(() => expect(sent.some((s) => s.cmd === 'sync_accounts')).toBe(true));

    await emit('progress', update(200, null));
    await emit('progress', update(999, null, { task: 'sync:transfers:1', noun: 'transfers' }));
    await waitFor(() => expect(screen.getByTestId('task-progress-words')).toHaveTextContent('200 accounts so far'));
    expect(screen.getByRole('progressbar')).not.toHaveAttribute('value');

    await emit('progress', update(300, 1000));
    await waitFor(() => expect(screen.getByTestId('task-progress-words')).toHaveTextContent('300 of 1,000 accounts'));
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '0.3');

    await userEvent.setup().click(screen.getByTestId('task-progress-cancel'));
    await waitFor(() => expect(screen.getByTestId('task-progress-cancel')).toHaveTextContent('Stopping…'));
    expect(sent.find((s) => s.cmd === 'cancel_task')?.args).toEqual({ task: 'sync:accounts:1' });
    finish({ synced: 300, added: 300, removed: 0, requests: 3, cancelled: true });
    await expect(running).resolves.toMatchObject({ cancelled: true });
  });
});
