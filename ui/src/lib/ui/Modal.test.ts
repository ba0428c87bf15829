import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ModalProbe from '../../test/ModalProbe.svelte';

// A browser moves focus to <body> when the focused button is disabled or removed; jsdom does
// neither for a disabled one, so the tests move focus to a control outside and remove it.
async function focusFallsToBody() {
  await new Promise((resolve) => setTimeout(resolve, 0)); // the dialogs have taken focus
  const elsewhere = document.createElement('button');
  document.body.append(elsewhere);
  elsewhere.focus();
  elsewhere.remove();
  expect(document.activeElement).toBe(document.body);
}

describe('Modal', () => {
  it('closes on Escape after the focused button turned busy and focus fell to the page', async () => {
    const user = userEvent.setup();
    const onclose = vi.fn();
    render(ModalProbe, { props: { onclose } });
    await user.click(screen.getByRole('button', { name: 'Resend' }));
    expect(screen.getByRole('button', { name: 'Resend' })).toBeDisabled();
    await focusFallsToBody();
    await user.keyboard('{Escape}');
    expect(onclose).toHaveBeenCalledTimes(1);
  });

  it('brings Tab back into the dialog from the page', async () => {
    const user = userEvent.setup();
    render(ModalProbe, { props: { onclose: vi.fn() } });
    await focusFallsToBody();
    await user.keyboard('{Tab}');
    expect(screen.getByTestId('under').contains(document.activeElement)).toBe(true);
  });

  it('with a dialog on top, Escape from the page closes only the top one', async () => {
    const user = userEvent.setup();
    const onclose = vi.fn();
    const oncloseTop = vi.fn();
    render(ModalProbe, { props: { onclose, oncloseTop, withTop: true } });
    await focusFallsToBody();
    await user.keyboard('{Escape}');
    expect(oncloseTop).toHaveBeenCalledTimes(1);
    expect(onclose).not.toHaveBeenCalled();
  });
});
