import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { replay, type ScenarioName } from '../../test/replay';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import OperatorsSection from './OperatorsSection.svelte';

// Every answer comes from the real core (ui/src/test/fixtures/operators.json).
async function setup(name: ScenarioName) {
  const recording = replay(name);
  const app = new AppStatusStore();
  await app.refresh();
  const toaster = new Toaster();
  const context = new Map<unknown, unknown>([
    [APP_STATUS_CONTEXT_KEY, app],
    [TOASTER_CONTEXT_KEY, toaster],
  ]);
  render(OperatorsSection, { context });
  return { user: userEvent.setup(), app, toaster, recording };
}

const rows = () => screen.queryAllByTestId('operator-row');
const rowNamed = (name: string) => rows().find((r) => within(r).queryByText(name, { exact: true }))!;

describe('Operators section', () => {
  it('lists operators with their roles in words, PIN and status, and the role matrix', async () => {
    await setup('operators/team');
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(screen.getAllByTestId('operator-row-name').map((n) => n.textContent)).toEqual([
      'Admin', 'Olga Owner', 'Pat Payments', 'Sam Support', 'Tim Temp',
    ]);
    await waitFor(() => expect(within(rowNamed('Olga Owner')).getByTestId('operator-row-roles')).toHaveTextContent(
      'Shop owner · Acme Marketplace (m1, m2)',
    ));
    expect(within(rowNamed('Admin')).getByTestId('operator-row-roles')).toHaveTextContent('Admin · all workspaces');
    expect(within(rowNamed('Admin')).getByTestId('operator-you')).toBeInTheDocument();
    expect(within(rowNamed('Tim Temp')).getByTestId('operator-row-status')).toHaveTextContent('Deactivated');
    expect(within(rowNamed('Tim Temp')).getByTestId('operator-reactivate')).toBeInTheDocument();
    expect(within(rowNamed('Sam Support')).getByTestId('operator-row-pin')).toHaveTextContent('Set');

    const matrix = screen.getByTestId('role-matrix');
    expect(within(matrix).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Permission', 'Shop owner', 'Support', 'Payments admin', 'Admin',
    ]);
    const manage = within(matrix).getByRole('rowheader', { name: 'Manage operators and roles' }).closest('tr')!;
    expect(within(manage).getByTestId('role-matrix-admin')).toHaveTextContent('yes');
    expect(within(manage).getByTestId('role-matrix-support')).toHaveTextContent('no');
  });

  it('shows every error of a new operator next to its field, then asks the Admin for their own PIN first', async () => {
    const { user, toaster } = await setup('operators/create');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(within(rows()[0]!).getByTestId('operator-row-pin')).toHaveTextContent('Not set');

    await user.click(screen.getByTestId('operator-create'));
    const form = screen.getByTestId('operator-form');
    await user.selectOptions(within(form).getByTestId('operator-grant-workspace'), 'Acme Marketplace');
    await user.selectOptions(within(form).getByTestId('operator-grant-role'), 'Shop owner');
    await user.type(within(form).getByTestId('operator-pin'), '12');
    await user.type(within(form).getByTestId('operator-pin-again'), '12');
    await user.click(within(form).getByTestId('operator-submit'));

    expect(await screen.findByTestId('operator-name-error')).toHaveTextContent("Enter the operator's name.");
    expect(screen.getByTestId('operator-grants-error')).toHaveTextContent(
      'A shop owner belongs to one workspace and needs the merchant ids of their shops.',
    );
    expect(screen.getByTestId('operator-pin-error')).toHaveTextContent('A PIN has 4 to 64 characters.');
    expect(screen.getByTestId('operator-name')).toHaveFocus();
    expect(toaster.items).toHaveLength(0);

    // Two different PINs never reach the core.
    await user.type(screen.getByTestId('operator-name'), 'Sam Support');
    await user.selectOptions(within(form).getByTestId('operator-grant-workspace'), 'All workspaces');
    await user.selectOptions(within(form).getByTestId('operator-grant-role'), 'Support');
    await user.clear(within(form).getByTestId('operator-pin'));
    await user.type(within(form).getByTestId('operator-pin'), '1357');
    await user.clear(within(form).getByTestId('operator-pin-again'));
    await user.type(within(form).getByTestId('operator-pin-again'), '1358');
    await user.click(within(form).getByTestId('operator-submit'));
    expect(await screen.findByTestId('operator-pin-again-error')).toBeInTheDocument();

    await user.clear(within(form).getByTestId('operator-pin-again'));
    await user.type(within(form).getByTestId('operator-pin-again'), '1357');
    await user.click(within(form).getByTestId('operator-submit'));
    expect(await screen.findByTestId('operator-pin-error')).toHaveTextContent('Set your own PIN first');
    expect(screen.queryByTestId('operator-name-error')).not.toBeInTheDocument();

    // The Admin sets their own PIN, then the same operator can be added.
    await user.click(screen.getByTestId('operator-cancel'));
    await user.click(within(rows()[0]!).getByTestId('operator-set-pin'));
    expect(screen.getByRole('dialog', { name: 'Set your PIN' })).toBeInTheDocument();
    await user.type(screen.getByTestId('operator-pin'), '2468');
    await user.type(screen.getByTestId('operator-pin-again'), '2468');
    await user.click(screen.getByTestId('operator-submit'));
    await waitFor(() => expect(screen.queryByTestId('operator-form')).not.toBeInTheDocument());
    await waitFor(() => expect(within(rows()[0]!).getByTestId('operator-row-pin')).toHaveTextContent('Set'));

    await user.click(screen.getByTestId('operator-create'));
    await user.type(screen.getByTestId('operator-name'), 'Sam Support');
    await user.type(screen.getByTestId('operator-pin'), '1357');
    await user.type(screen.getByTestId('operator-pin-again'), '1357');
    await user.click(screen.getByTestId('operator-submit'));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rowNamed('Sam Support')).toBeDefined();
  });

  it('keeps the last Admin: demoting shows at the roles, deactivating in a toast', async () => {
    const { user, toaster } = await setup('operators/edit');
    await waitFor(() => expect(rows()).toHaveLength(5));

    await user.click(within(rowNamed('Sam Support')).getByTestId('operator-rename'));
    await user.clear(screen.getByTestId('operator-name'));
    await user.type(screen.getByTestId('operator-name'), 'Pat Payments{Enter}');
    expect(await screen.findByTestId('operator-name-error')).toHaveTextContent('Another operator is already called “Pat Payments”.');
    await user.clear(screen.getByTestId('operator-name'));
    await user.type(screen.getByTestId('operator-name'), 'Sam Helpdesk{Enter}');
    await waitFor(() => expect(rowNamed('Sam Helpdesk')).toBeDefined());

    await user.click(within(rowNamed('Admin')).getByTestId('operator-roles'));
    await user.selectOptions(screen.getByTestId('operator-grant-role'), 'Support');
    await user.click(screen.getByTestId('operator-submit'));
    expect(await screen.findByTestId('operator-grants-error')).toHaveTextContent(
      'This is the last Admin: make someone else Admin first.',
    );
    await user.click(screen.getByTestId('operator-cancel'));

    // Roles in two workspaces, one of them as a shop owner.
    await user.click(within(rowNamed('Sam Helpdesk')).getByTestId('operator-roles'));
    await user.selectOptions(screen.getByTestId('operator-grant-workspace'), 'Acme Marketplace');
    await user.selectOptions(screen.getByTestId('operator-grant-role'), 'Payments admin');
    await user.click(screen.getByTestId('operator-grant-add'));
    const second = screen.getAllByTestId('operator-grant')[1]!;
    await user.selectOptions(within(second).getByTestId('operator-grant-workspace'), 'Northwind Rentals');
    await user.selectOptions(within(second).getByTestId('operator-grant-role'), 'Shop owner');
    await user.type(within(second).getByTestId('operator-grant-merchants'), 'm7');
    await user.click(screen.getByTestId('operator-submit'));
    await waitFor(() => expect(within(rowNamed('Sam Helpdesk')).getByTestId('operator-row-roles')).toHaveTextContent(
      'Payments admin · Acme MarketplaceShop owner · Northwind Rentals (m7)',
    ));

    await user.click(within(rowNamed('Admin')).getByTestId('operator-deactivate'));
    await waitFor(() => expect(toaster.items[toaster.items.length - 1]).toMatchObject({
      kind: 'error',
      message: 'This is the last Admin: make someone else Admin first.',
    }));
    expect(within(rowNamed('Admin')).getByTestId('operator-row-status')).toHaveTextContent('Active');
  });
});
