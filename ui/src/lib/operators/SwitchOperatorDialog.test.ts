import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { replay, type ScenarioName } from '../../test/replay';
import { backend } from '../backend/ipc';
import type { Operator } from '../bindings';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import SwitchOperatorDialog from './SwitchOperatorDialog.svelte';

// Every answer comes from the real core (ui/src/test/fixtures/operators.json).
async function open(name: ScenarioName) {
  const recording = replay(name);
  const current = (await backend.getAppStatus()).operator;
  const onswitched = vi.fn<(operator: Operator) => void>();
  const onclose = vi.fn();
  const context = new Map<unknown, unknown>([[TOASTER_CONTEXT_KEY, new Toaster()]]);
  render(SwitchOperatorDialog, { props: { current, onswitched, onclose }, context });
  return { user: userEvent.setup(), onswitched, onclose, recording };
}

const names = () => screen.queryAllByTestId('switch-target-name').map((n) => n.textContent);

describe('Switch operator', () => {
  it('lists the other active operators; a wrong PIN shows at the field, the right one switches', async () => {
    const { user, onswitched, recording } = await open('operators/switch');
    expect(screen.getByTestId('switch-current')).toHaveTextContent('Admin');
    await waitFor(() => expect(names()).toEqual(['Olga Owner', 'Pat Payments', 'Sam Support']));

    await user.click(screen.getByText('Sam Support'));
    const pin = screen.getByTestId('switch-pin');
    await waitFor(() => expect(pin).toHaveFocus());
    await user.type(pin, '0000{Enter}');

    const error = await screen.findByTestId('switch-pin-error');
    expect(error).toHaveRole('alert');
    expect(error).toHaveTextContent('That PIN is not right.');
    expect(pin).toHaveAttribute('aria-invalid', 'true');
    expect(pin).toHaveAccessibleDescription('That PIN is not right.');
    expect(onswitched).not.toHaveBeenCalled();

    await user.clear(pin);
    expect(screen.queryByTestId('switch-pin-error')).not.toBeInTheDocument();
    await user.type(pin, '1357');
    await user.click(screen.getByTestId('switch-submit'));
    await waitFor(() => expect(onswitched).toHaveBeenCalledTimes(1));
    expect(onswitched.mock.calls[0]![0]).toMatchObject({ id: 2, displayName: 'Sam Support' });
    expect(recording.argsOf('switch_operator')).toEqual([
      { id: 2, pin: '0000' },
      { id: 2, pin: '1357' },
    ]);
  });

  it('says so when there is nobody to switch to', async () => {
    const { user, onclose } = await open('operators/solo');
    expect(await screen.findByTestId('switch-alone')).toHaveTextContent('nobody else');
    await user.keyboard('{Escape}');
    expect(onclose).toHaveBeenCalled();
  });
});
