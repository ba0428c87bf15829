import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { replay, type ScenarioName } from '../../test/replay';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import AuditSection from './AuditSection.svelte';

// Every answer comes from the real core (ui/src/test/fixtures/audit.json): the team was set up,
// Sam switched in and was refused adding an operator, the Admin switched back. Creating the six
// workspaces wrote the first six records.
function setup(name: ScenarioName) {
  const recording = replay(name);
  const toaster = new Toaster();
  render(AuditSection, { context: new Map<unknown, unknown>([[TOASTER_CONTEXT_KEY, toaster]]) });
  return { user: userEvent.setup(), toaster, recording };
}

const rows = () => screen.queryAllByTestId('audit-row');
const actions = () => screen.queryAllByTestId('audit-row-action').map((a) => a.textContent);

describe('Audit section', () => {
  it('lists the records newest first, filters by outcome and operator, and sorts by time', async () => {
    const { user } = setup('audit/log');
    await waitFor(() => expect(rows()).toHaveLength(15));
    expect(actions()[0]).toBe('operator.switch');
    expect(actions()[8]).toBe('operator.setPin');
    expect(actions().slice(9)).toEqual(Array(6).fill('workspace.create'));
    const refusal = rows()[1]!;
    expect(within(refusal).getByTestId('audit-row-operator')).toHaveTextContent('Sam Support');
    expect(within(refusal).getByTestId('audit-row-outcome')).toHaveTextContent('Refused');
    expect(refusal).toHaveTextContent('forbidden');

    await user.selectOptions(screen.getByTestId('audit-filter-outcome'), 'Refused');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(actions()).toEqual(['operator.create']);

    await user.selectOptions(screen.getByTestId('audit-filter-outcome'), 'Any outcome');
    await waitFor(() => expect(screen.getByTestId('audit-filter-operator')).toHaveTextContent('Sam Support'));
    await user.selectOptions(screen.getByTestId('audit-filter-operator'), 'Sam Support');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getAllByTestId('audit-row-operator').map((o) => o.textContent)).toEqual(['Sam Support', 'Sam Support']);

    await user.click(screen.getByTestId('audit-filter-clear'));
    await waitFor(() => expect(rows()).toHaveLength(15));
    const newest = actions();
    await user.click(screen.getByTestId('table-sort-createdAt'));
    await waitFor(() => expect(actions()[0]).toBe('workspace.create'));
    expect(actions()).toEqual([...newest].reverse());
  });

  it('shows a record with its field-level diff', async () => {
    const { user } = setup('audit/log');
    await waitFor(() => expect(rows()).toHaveLength(15));
    const deactivation = rows().find((r) => within(r).queryByText('operator.setActive'))!;
    await user.click(within(deactivation).getByTestId('audit-row-action'));
    const details = screen.getByTestId('audit-details');
    expect(within(details).getByTestId('audit-details-action')).toHaveTextContent('operator.setActive');
    expect(within(details).getAllByTestId('audit-diff-row')).toHaveLength(1);
    expect(within(details).getByTestId('audit-diff-field')).toHaveTextContent('active');
    expect(within(details).getByTestId('audit-diff-before')).toHaveTextContent('true');
    expect(within(details).getByTestId('audit-diff-after')).toHaveTextContent('false');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('audit-details')).not.toBeInTheDocument();
  });

  it('Verify shows that every record matches', async () => {
    const { user } = setup('audit/log');
    await user.click(screen.getByTestId('audit-verify'));
    expect(await screen.findByTestId('audit-verify-message')).toHaveTextContent('All 15 audit records match the chain.');
    expect(screen.queryByTestId('audit-row-broken')).not.toBeInTheDocument();
  });

  it('Verify names the record that was changed behind the app’s back', async () => {
    const { user } = setup('audit/tampered');
    await waitFor(() => expect(rows()).toHaveLength(15));
    await user.click(screen.getByTestId('audit-verify'));
    expect(await screen.findByTestId('audit-verify-message')).toHaveTextContent(
      'The audit chain breaks between records 3 and 4: record 3',
    );
    const flagged = await screen.findByTestId('audit-row-broken');
    expect(flagged.closest('tr')).toHaveAttribute('data-active', 'true');
    expect(within(flagged.closest('tr')!).getByTestId('audit-row-operator')).toHaveTextContent('Someone else');
  });

  it('has the core save the current filter as a CSV file and says where', async () => {
    const { user, toaster, recording } = setup('audit/log');
    await waitFor(() => expect(rows()).toHaveLength(15));
    await user.selectOptions(screen.getByTestId('audit-filter-outcome'), 'Refused');
    await waitFor(() => expect(rows()).toHaveLength(1));
    await user.click(screen.getByTestId('audit-export'));
    await waitFor(() => expect(toaster.items.at(-1)?.message).toMatch(/^Saved 1 record of the current filter to \/home\/user\/Downloads\/connectdesk-audit-\d{14}\.csv$/));
    expect(recording.argsOf('export_audit').at(-1)).toMatchObject({
      query: { filters: [{ field: 'outcome', op: 'eq', value: 'refused' }], sort: 'createdAt:desc' },
    });
  });
});
