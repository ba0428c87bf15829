import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { asOperator, recordedStatus, supportStatus } from '../../test/operatorStatus';
import type { AppStatus, CoreError, FilterInput, ListQuery, OpenCounts, Operation, Page } from '../bindings';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import { OPEN_OPERATIONS_CONTEXT_KEY, OpenOperationsStore } from './openOperations.svelte';
import OperationsSection from './OperationsSection.svelte';

function operation(id: number, fields: Partial<Operation>): Operation {
  return {
    id,
    reference: `op_${String(id).padStart(24, '0')}`,
    kind: 'accountCreate',
    state: 'pending',
    summary: `Account for merchant shop-${id}`,
    subject: `onboarding/1/shop-${id}`,
    target: { workspaceId: 1, connection: null, mode: 'SANDBOX', offline: true, account: null },
    operator: null,
    idempotencyKey: `cd-key-${id}`,
    recordedUnix: 1_757_660_000,
    method: 'POST',
    path: '/v1/accounts',
    params: [
      ['type', 'express'],
      ['metadata[connectdesk_op]', `op_${String(id).padStart(24, '0')}`],
    ],
    reconcile: { by: 'created', listPath: '/v1/accounts' },
    attempts: 3,
    lastAttemptAt: '2025-09-12T06:55:00.000Z',
    lastError: 'The connection closed before Stripe answered.',
    objectId: null,
    failure: null,
    context: null,
    applied: false,
    createdAt: `2025-09-12T06:5${id}:00.000Z`,
    updatedAt: '2025-09-12T06:55:00.000Z',
    deletedAt: '',
    ...fields,
  };
}

const SAMPLE: Operation[] = [
  operation(1, {}),
  operation(2, {
    kind: 'transfer',
    state: 'needsDecision',
    summary: 'Transfer of $25.00 to acct_1Seller',
    target: { workspaceId: 1, connection: 'conn_live_1', mode: 'LIVE', offline: false, account: 'acct_1Seller' },
    path: '/v1/transfers',
    params: [['amount', '2500'], ['currency', 'usd'], ['destination', 'acct_1Seller']],
    attempts: 6,
    lastError: 'Stripe replayed a stored server error for this key, and no transfer carries its reference.',
    failure: { status: 500, code: 'api_error', message: 'An unknown error occurred.', requestId: 'req_9Zx' },
  }),
  operation(3, { state: 'completed', objectId: 'acct_1Done', lastError: null }),
];

/** The journal as the core answers it: list (state and kind filters), counts, retry and resolve. */
function fakeJournal(initial: Operation[], onRetry: (op: Operation) => Operation) {
  const ops = initial.map((o) => ({ ...o }));
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  const matches = (op: Operation, f: FilterInput) => {
    const value = String(op[f.field as keyof Operation]);
    return f.op === 'in' ? f.value.split(',').includes(value) : f.op === 'eq' ? value === f.value : true;
  };
  const fail = (error: CoreError) => {
    throw error;
  };
  const find = (id: unknown) => ops.find((o) => o.id === id) ?? fail({ code: 'notFound', message: 'operation was not found', field: null, fieldErrors: [] });
  const replace = (next: Operation) => {
    ops[ops.findIndex((o) => o.id === next.id)] = next;
    return next;
  };
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'list_operations': {
        const query = args.query as ListQuery;
        const items = ops.filter((o) => (query.filters ?? []).every((f) => matches(o, f)));
        return { items, endReached: true, nextPageToken: null, totalCount: items.length } satisfies Page<Operation>;
      }
      case 'count_open_operations':
        return {
          pending: ops.filter((o) => o.state === 'pending').length,
          needsDecision: ops.filter((o) => o.state === 'needsDecision').length,
        } satisfies OpenCounts;
      case 'retry_operation':
        return replace(onRetry(find(args.id)));
      case 'resolve_operation': {
        const op = find(args.id);
        const note = String(args.note ?? '').trim();
        if (!note) {
          return fail({
            code: 'required',
            field: 'note',
            message: 'Say what you found at Stripe, so the next person knows why this was resolved.',
            fieldErrors: [],
          });
        }
        return replace({ ...op, state: 'resolved', lastError: `Resolved by hand: ${note}`, updatedAt: '2025-09-12T07:10:00.000Z' });
      }
      default:
        throw `command ${cmd} not found`;
    }
  });
  return { ops, calls, argsOf: (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args) };
}

const completes = (op: Operation): Operation => ({
  ...op,
  state: 'completed',
  objectId: 'acct_1New',
  attempts: op.attempts + 1,
  lastError: null,
  updatedAt: '2025-09-12T07:00:00.000Z',
});

/** The Admin working in Acme, as the core answered (app.json). */
const ADMIN = () => recordedStatus('app/use');

async function setup(initial: Operation[] = SAMPLE, onRetry = completes, status: AppStatus = ADMIN()) {
  const journal = fakeJournal(initial, onRetry);
  const app = new AppStatusStore();
  app.set(status);
  const toaster = new Toaster();
  const openOperations = new OpenOperationsStore();
  await openOperations.refresh();
  const user = userEvent.setup();
  const context = new Map<unknown, unknown>([
    [APP_STATUS_CONTEXT_KEY, app],
    [TOASTER_CONTEXT_KEY, toaster],
    [OPEN_OPERATIONS_CONTEXT_KEY, openOperations],
  ]);
  render(OperationsSection, { context });
  return { ...journal, toaster, openOperations, user };
}

const rows = () => screen.queryAllByTestId('operation-row');
const rowOf = (summary: string) => rows().find((r) => within(r).queryByText(summary, { exact: true }))!;

describe('Pending operations section', () => {
  it('lists the open operations with what, target, attempts and the last error in words', async () => {
    const { argsOf } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(argsOf('list_operations')[0]).toMatchObject({
      query: { filters: [{ field: 'state', op: 'in', value: 'pending,needsDecision' }], sort: 'createdAt:desc' },
    });

    const account = rowOf('Account for merchant shop-1');
    expect(within(account).getByTestId('operation-row-kind')).toHaveTextContent('Create account');
    expect(within(account).getByTestId('operation-row-state')).toHaveTextContent('Pending');
    expect(within(account).getByTestId('operation-row-state')).toHaveClass('tone-warning');
    expect(within(account).getByTestId('operation-row-target')).toHaveTextContent(/Offline sandbox\s*SANDBOX/);
    expect(within(account).getByTestId('operation-row-attempts')).toHaveTextContent(/^3/);
    expect(within(account).getByTestId('operation-row-error')).toHaveTextContent('The connection closed before Stripe answered.');

    const transfer = rowOf('Transfer of $25.00 to acct_1Seller');
    expect(within(transfer).getByTestId('operation-row-kind')).toHaveTextContent('Transfer');
    expect(within(transfer).getByTestId('operation-row-state')).toHaveTextContent('Needs a decision');
    expect(within(transfer).getByTestId('operation-row-state')).toHaveClass('tone-danger');
    expect(within(transfer).getByTestId('operation-row-target')).toHaveTextContent(/^conn_live_1\s*LIVE · acct_1Seller$/);
    expect(within(transfer).getByTestId('operation-row-error')).toHaveTextContent('no transfer carries its reference');
    expect(within(transfer).getByTestId('operation-retry')).toBeInTheDocument();
    expect(within(transfer).getByTestId('operation-resolve')).toBeInTheDocument();
  });

  it('shows every state on request, without actions on settled operations', async () => {
    const { user, argsOf } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(2));
    await user.selectOptions(screen.getByTestId('operations-filter-state'), 'all');
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(argsOf('list_operations').at(-1)).toMatchObject({ query: { filters: [] } });
    const done = rows().find((r) => within(r).queryByText('Completed'))!;
    expect(within(done).queryByTestId('operation-retry')).not.toBeInTheDocument();
    expect(within(done).getByTestId('operation-details')).toBeInTheDocument();

    await user.selectOptions(screen.getByTestId('operations-filter-state'), 'needsDecision');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(argsOf('list_operations').at(-1)).toMatchObject({ query: { filters: [{ field: 'state', op: 'eq', value: 'needsDecision' }] } });
  });

  it('says what the section is for when nothing is open', async () => {
    await setup([operation(3, { state: 'completed' })]);
    expect(await screen.findByTestId('operations-empty')).toHaveTextContent(
      'No Stripe writes are waiting. Every payment, transfer, payout or account change ConnectDesk sends is recorded here until Stripe confirms it.',
    );
  });

  it('Retry now asks the core, shows the new state in the row and refreshes the header count', async () => {
    const { user, argsOf, toaster, openOperations } = await setup();
    expect(openOperations.counts).toEqual({ pending: 1, needsDecision: 1 });
    await waitFor(() => expect(rows()).toHaveLength(2));
    await user.click(within(rowOf('Account for merchant shop-1')).getByTestId('operation-retry'));

    expect(argsOf('retry_operation')).toEqual([{ id: 1 }]);
    const row = rowOf('Account for merchant shop-1');
    await waitFor(() => expect(within(row).getByTestId('operation-row-state')).toHaveTextContent('Completed'));
    expect(within(row).getByTestId('operation-row-attempts')).toHaveTextContent(/^4/);
    expect(within(row).getByTestId('operation-row-error')).toHaveTextContent('—');
    expect(within(row).queryByTestId('operation-retry')).not.toBeInTheDocument();
    expect(toaster.items.map((t) => [t.kind, t.message])).toEqual([
      ['success', 'Account for merchant shop-1: Stripe confirmed it (acct_1New).'],
    ]);
    await waitFor(() => expect(openOperations.counts).toEqual({ pending: 0, needsDecision: 1 }));
  });

  it('Retry now that leaves it pending says so, with the reason', async () => {
    const { user, toaster } = await setup(SAMPLE, (op) => ({
      ...op,
      attempts: op.attempts + 1,
      lastError: 'Stripe could not be reached: connection refused.',
      updatedAt: '2025-09-12T07:00:00.000Z',
    }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    await user.click(within(rowOf('Account for merchant shop-1')).getByTestId('operation-retry'));
    const row = rowOf('Account for merchant shop-1');
    await waitFor(() => expect(within(row).getByTestId('operation-row-error')).toHaveTextContent('connection refused'));
    expect(within(row).getByTestId('operation-row-state')).toHaveTextContent('Pending');
    expect(toaster.items[0]).toMatchObject({ kind: 'info', message: expect.stringContaining('is still pending') });
  });

  it('Mark resolved without a note shows the core’s error under the note, not in a toast', async () => {
    const { user, argsOf, toaster } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(2));
    await user.click(within(rowOf('Transfer of $25.00 to acct_1Seller')).getByTestId('operation-resolve'));
    const dialog = screen.getByTestId('operation-resolve-dialog');
    expect(within(dialog).getByTestId('operation-resolve-facts')).toHaveTextContent('no transfer carries its reference');
    expect(within(dialog).getByTestId('operation-resolve-note')).toHaveFocus();
    await user.click(within(dialog).getByTestId('operation-resolve-submit'));

    expect(argsOf('resolve_operation')).toEqual([{ id: 2, note: '' }]);
    const error = await screen.findByTestId('operation-resolve-note-error');
    expect(error).toHaveRole('alert');
    expect(error).toHaveTextContent('Say what you found at Stripe, so the next person knows why this was resolved.');
    const note = screen.getByTestId('operation-resolve-note');
    expect(note).toHaveAttribute('aria-invalid', 'true');
    expect(note).toHaveAccessibleDescription('Say what you found at Stripe, so the next person knows why this was resolved.');
    expect(toaster.items).toHaveLength(0);
    expect(screen.getByTestId('operation-resolve-dialog')).toBeInTheDocument();
    expect(within(rowOf('Transfer of $25.00 to acct_1Seller')).getByTestId('operation-row-state')).toHaveTextContent('Needs a decision');
  });

  it('Mark resolved with a note sends it and shows the row resolved', async () => {
    const { user, argsOf, toaster, openOperations } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(2));
    await user.click(within(rowOf('Transfer of $25.00 to acct_1Seller')).getByTestId('operation-resolve'));
    await user.type(screen.getByTestId('operation-resolve-note'), 'No transfer at Stripe; sent it again by hand.');
    await user.click(screen.getByTestId('operation-resolve-submit'));

    expect(argsOf('resolve_operation')).toEqual([{ id: 2, note: 'No transfer at Stripe; sent it again by hand.' }]);
    await waitFor(() => expect(screen.queryByTestId('operation-resolve-dialog')).not.toBeInTheDocument());
    const row = rowOf('Transfer of $25.00 to acct_1Seller');
    expect(within(row).getByTestId('operation-row-state')).toHaveTextContent('Resolved');
    expect(within(row).getByTestId('operation-row-error')).toHaveTextContent('Resolved by hand: No transfer at Stripe');
    expect(within(row).queryByTestId('operation-resolve')).not.toBeInTheDocument();
    expect(toaster.items.map((t) => t.kind)).toEqual(['success']);
    await waitFor(() => expect(openOperations.counts).toEqual({ pending: 1, needsDecision: 0 }));
  });

  it('a conflict (settled meanwhile by the core) goes to a toast and reloads the list', async () => {
    const { user, toaster, argsOf } = await setup(SAMPLE, () => {
      throw { code: 'conflict', field: 'id', message: 'This operation is already settled.', fieldErrors: [] } satisfies CoreError;
    });
    await waitFor(() => expect(rows()).toHaveLength(2));
    const listed = argsOf('list_operations').length;
    await user.click(within(rowOf('Account for merchant shop-1')).getByTestId('operation-retry'));
    await waitFor(() => expect(toaster.items[0]).toMatchObject({ kind: 'error', message: 'This operation is already settled.' }));
    await waitFor(() => expect(argsOf('list_operations').length).toBe(listed + 1));
  });

  it('the details show the request, its keys and Stripe’s refusal', async () => {
    const { user } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(2));
    await user.click(within(rowOf('Transfer of $25.00 to acct_1Seller')).getByTestId('operation-details'));
    const detail = screen.getByTestId('operation-detail');
    expect(within(detail).getByTestId('operation-detail-request')).toHaveTextContent('POST /v1/transfers');
    expect(within(detail).getAllByTestId('operation-detail-param').map((r) => r.textContent)).toEqual([
      'amount2500',
      'currencyusd',
      'destinationacct_1Seller',
    ]);
    expect(within(detail).getByTestId('operation-detail-key')).toHaveTextContent('cd-key-2');
    expect(within(detail).getByRole('button', { name: 'Copy idempotency key cd-key-2' })).toBeInTheDocument();
    expect(within(detail).getByTestId('operation-detail-reference')).toHaveTextContent('op_000000000000000000000002');
    expect(within(detail).getByTestId('operation-detail-object')).toHaveTextContent('None yet');
    const failure = within(detail).getByTestId('operation-detail-failure');
    expect(failure).toHaveTextContent('An unknown error occurred.');
    expect(failure).toHaveTextContent('api_error');
    expect(failure).toHaveTextContent('req_9Zx');
    await user.click(within(detail).getByTestId('operation-detail-close'));
    expect(screen.queryByTestId('operation-detail')).not.toBeInTheDocument();
  });

  it('as Support lists the open operations with their details, but no Retry or Mark resolved', async () => {
    const { calls } = await setup(SAMPLE, completes, asOperator(ADMIN(), supportStatus()));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByTestId('operations-read-only')).toHaveTextContent('Read-only: your role does not let you retry or resolve operations.');
    expect(screen.queryAllByTestId('operation-retry')).toHaveLength(0);
    expect(screen.queryAllByTestId('operation-resolve')).toHaveLength(0);
    expect(screen.getAllByTestId('operation-details')).toHaveLength(2);
    expect(calls.some((c) => c.cmd === 'retry_operation' || c.cmd === 'resolve_operation')).toBe(false);
  });

  it('as Admin offers both on every open operation, with no read-only note', async () => {
    await setup();
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getAllByTestId('operation-retry')).toHaveLength(2);
    expect(screen.getAllByTestId('operation-resolve')).toHaveLength(2);
    expect(screen.queryByTestId('operations-read-only')).not.toBeInTheDocument();
  });
});
