import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { asSupport } from '../../test/operatorStatus';
import { PASS, replay, scenario, type Override, type ScenarioName } from '../../test/replay';
import type { ConnectionTest, DraftConnectionTest } from '../bindings';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import ConnectionsSection from './ConnectionsSection.svelte';

// Every answer comes from the real core (ui/src/test/fixtures/connections.json): six workspaces;
// Acme (1) has four connections: "Acme test platform" (in use), "Acme production" (LIVE),
// "Acme partner (OAuth)" and "Old restricted key" (deactivated).
async function setup(name: ScenarioName = 'connections/sample', override?: Override) {
  const { calls, argsOf } = replay(name, override);
  const app = new AppStatusStore();
  await app.refresh();
  const toaster = new Toaster();
  const user = userEvent.setup();
  const context = new Map<unknown, unknown>([
    [APP_STATUS_CONTEXT_KEY, app],
    [TOASTER_CONTEXT_KEY, toaster],
  ]);
  render(ConnectionsSection, { context });
  return { app, toaster, user, calls, argsOf };
}

const rows = () => screen.queryAllByTestId('connection-row');
const rowNamed = (name: string) => rows().find((r) => within(r).queryByText(name, { exact: true }));
const ACME_ROWS = 4;

/** What the recorded scenario sent as the n-th draft test: values the sandbox made up (accounts,
 *  OAuth grants) are typed as the recording has them. */
const recordedDraft = (n: number) => (scenario('connections/test-draft').calls.filter((c) => c.cmd === 'test_draft_connection')[n]!.args as { input: DraftConnectionTest }).input;

describe('Connections section', () => {
  it('lists the active workspace’s connections with mode, status, key hint and the one in use', async () => {
    const { argsOf } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    expect(rows().map((r) => within(r).getByText(/^(Acme|Old)/).textContent)).toEqual([
      'Acme partner (OAuth)',
      'Acme production',
      'Acme test platform',
      'Old restricted key',
    ]);
    expect(screen.getByTestId('table-range')).toHaveTextContent('1–4 of 4');
    // Always limited to the active workspace.
    expect(argsOf('list_connections')[0]).toMatchObject({
      query: { filters: [{ field: 'workspaceId', op: 'eq', value: '1' }], sort: 'connectionName:asc' },
    });

    const production = rowNamed('Acme production')!;
    expect(within(production).getByTestId('connection-row-mode')).toHaveTextContent('LIVE');
    expect(within(production).getByTestId('connection-row-mode')).toHaveClass('tone-danger');
    expect(within(production).getByTestId('connection-row-status')).toHaveTextContent('ACTIVE');
    expect(within(production).getByTestId('connection-key')).toHaveTextContent('sk_live_…9Xq2');
    expect(within(production).getByText('acct_1Nv0FGQ9RKHgLive')).toBeInTheDocument();
    expect(within(production).getByRole('button', { name: 'Copy Account acct_1Nv0FGQ9RKHgLive' })).toBeInTheDocument();

    const oauth = rowNamed('Acme partner (OAuth)')!;
    expect(within(oauth).getByTestId('connection-row-mode')).toHaveClass('tone-warning');
    expect(within(oauth).getByTestId('connection-key')).toHaveTextContent(/^OAuth2\s*sk_test_…6cZk$/);

    expect(within(rowNamed('Old restricted key')!).getByTestId('connection-row-status')).toHaveTextContent('INACTIVE');

    const inUse = rowNamed('Acme test platform')!;
    expect(inUse).toHaveAttribute('data-active', 'true');
    expect(within(inUse).getByTestId('connection-in-use')).toHaveTextContent('In use');
    expect(within(inUse).queryByTestId('connection-use')).not.toBeInTheDocument();
    expect(within(production).getByTestId('connection-use')).toBeInTheDocument();
  });

  it('asks for an active workspace first, with a link to Workspaces', async () => {
    const { calls } = await setup('connections/no-workspace');
    const notice = screen.getByTestId('connections-no-workspace');
    expect(notice).toHaveTextContent('Choose a workspace first');
    expect(within(notice).getByRole('link', { name: 'Workspaces' })).toHaveAttribute('href', '#/workspaces');
    expect(screen.queryByTestId('connection-create')).not.toBeInTheDocument();
    expect(calls.some((c) => c.cmd === 'list_connections')).toBe(false);
  });

  it('uses a connection for the workspace and updates the app status (the header)', async () => {
    const { user, app, argsOf } = await setup('connections/use');
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    expect(app.status?.activeConnection?.connectionName).toBe('Acme test platform');

    const production = rowNamed('Acme production')!;
    await user.click(within(production).getByTestId('connection-use'));
    await waitFor(() => expect(app.status?.activeConnection?.connectionName).toBe('Acme production'));
    expect(argsOf('set_active_connection')).toEqual([{ workspaceId: 1, bizId: app.status?.activeConnection?.bizId }]);
    expect(production).toHaveAttribute('data-active', 'true');
    expect(rowNamed('Acme test platform')).not.toHaveAttribute('data-active');
    expect(within(rowNamed('Acme test platform')!).getByTestId('connection-use')).toBeInTheDocument();
  });

  it('shows the backend error for partnerEndpoint under that field, not in a toast', async () => {
    const { user, toaster } = await setup('connections/create');
    await user.click(screen.getByTestId('connection-create'));
    expect(screen.getByTestId('connection-name')).toHaveFocus();
    await user.type(screen.getByTestId('connection-name'), 'Acme EU');
    await user.type(screen.getByTestId('connection-api-key'), 'sk_test_51Nv0FGQ9RKHgCVdKeu000001');
    const endpoint = screen.getByTestId('connection-partner-endpoint');
    await user.type(endpoint, 'http://partner.example.com/hook');
    await user.click(screen.getByTestId('connection-submit'));

    const error = await screen.findByTestId('connection-partner-endpoint-error');
    expect(error).toHaveRole('alert');
    expect(error).toHaveTextContent('Use https: plain http is allowed only for localhost.');
    expect(endpoint).toHaveAttribute('aria-invalid', 'true');
    expect(endpoint).toHaveAccessibleDescription('Use https: plain http is allowed only for localhost.');
    expect(endpoint).toHaveFocus();
    // Only that field: no other field error, no toast, the dialog keeps what was typed.
    expect(screen.queryByTestId('connection-name-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('connection-name')).not.toHaveAttribute('aria-invalid');
    expect(toaster.items).toHaveLength(0);
    expect(screen.getByTestId('connection-form')).toBeInTheDocument();
    expect(screen.getByTestId('connection-name')).toHaveValue('Acme EU');

    await user.type(endpoint, 's');
    expect(screen.queryByTestId('connection-partner-endpoint-error')).not.toBeInTheDocument();
  });

  it('makes a workspace’s first connection the one in use, and the header learns of it', async () => {
    const { app, user } = await setup('connections/first');
    expect(app.status?.activeConnection).toBeNull();
    await user.click(await screen.findByTestId('connection-create-empty'));
    await user.type(screen.getByTestId('connection-name'), 'First platform');
    await user.type(screen.getByTestId('connection-api-key'), 'sk_test_51Nv0FGQ9RKHgCVdKeu000001');
    await user.click(screen.getByTestId('connection-submit'));
    await waitFor(() => expect(app.status?.activeConnection?.connectionName).toBe('First platform'));
    await waitFor(() => expect(rowNamed('First platform')).toHaveAttribute('data-active', 'true'));
  });

  it('puts every backend field error under its own input at once, and focuses the first', async () => {
    const { user, toaster } = await setup('connections/create');
    await user.click(screen.getByTestId('connection-create'));
    await user.type(screen.getByTestId('connection-api-key'), 'pk_test_123');
    await user.type(screen.getByTestId('connection-config-json'), '{{ nope');
    await user.click(screen.getByTestId('connection-submit'));
    expect(await screen.findByTestId('connection-name-error')).toHaveTextContent('Enter a connection name.');
    expect(screen.getByTestId('connection-api-key-error')).toHaveTextContent('Publishable keys (pk_…) cannot manage accounts.');
    expect(screen.getByTestId('connection-config-json-error')).toHaveTextContent('This is not valid JSON');
    expect(screen.getByTestId('connection-name')).toHaveFocus();
    expect(toaster.items).toHaveLength(0);

    // Fixing one field clears only its error.
    await user.type(screen.getByTestId('connection-name'), 'Acme EU');
    expect(screen.queryByTestId('connection-name-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('connection-api-key-error')).toBeInTheDocument();

    await user.clear(screen.getByTestId('connection-api-key'));
    await user.type(screen.getByTestId('connection-api-key'), 'sk_test_51Nv0FGQ9RKHgCVdKeu000001');
    await user.click(screen.getByTestId('connection-submit'));
    expect(await screen.findByTestId('connection-config-json-error')).toHaveTextContent('This is not valid JSON');
    expect(screen.queryByTestId('connection-api-key-error')).not.toBeInTheDocument();
    expect(screen.getByTestId('connection-config-json')).toHaveFocus();
  });

  it('sends errors without a field to a toast and keeps the form open', async () => {
    const { user, toaster } = await setup('connections/locked');
    await user.click(screen.getByTestId('connection-create'));
    await user.type(screen.getByTestId('connection-name'), 'Acme EU');
    await user.type(screen.getByTestId('connection-api-key'), 'sk_test_51Nv0FGQ9RKHgCVdKeu000001');
    await user.click(screen.getByTestId('connection-submit'));
    await waitFor(() => expect(toaster.items).toHaveLength(1));
    expect(toaster.items[0]).toMatchObject({ kind: 'error', message: 'Secrets are locked: enter the passphrase first.' });
    expect(screen.getByTestId('connection-form')).toBeInTheDocument();
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
  });

  it('creates an API-key connection and lists it', async () => {
    const { user, toaster, argsOf } = await setup('connections/create');
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    await user.click(screen.getByTestId('connection-create'));
    const key = screen.getByTestId('connection-api-key');
    expect(key).toHaveAttribute('type', 'password');
    expect(key).toHaveAttribute('autocomplete', 'off');
    expect(screen.getByTestId('connection-webhook-secret')).toHaveAttribute('type', 'password');
    expect(screen.getByTestId('auth-scheme-apikey')).toBeChecked();

    await user.type(screen.getByTestId('connection-name'), 'Acme EU');
    await user.type(key, 'sk_test_51Nv0FGQ9RKHgCVdKeu000001');
    await user.type(screen.getByTestId('connection-account-id'), 'acct_1Nv0FGQ9RKHgEUDE');
    await user.click(screen.getByTestId('connection-submit'));
    await waitFor(() => expect(screen.queryByTestId('connection-form')).not.toBeInTheDocument());
    await waitFor(() => expect(rowNamed('Acme EU')).toBeDefined());
    expect(within(rowNamed('Acme EU')!).getByTestId('connection-key')).toHaveTextContent('sk_test_…0001');
    expect(toaster.items[0]).toMatchObject({ kind: 'success', message: 'Connection “Acme EU” created.' });
    expect(argsOf('create_connection')[0]).toEqual({
      input: {
        workspaceId: 1,
        connectionName: 'Acme EU',
        auth: { scheme: 'apiKey', apiKey: 'sk_test_51Nv0FGQ9RKHgCVdKeu000001' },
        stripeAccountId: 'acct_1Nv0FGQ9RKHgEUDE',
      },
    });
  });

  it('creates an OAuth2 connection with its secrets as password inputs and a mode', async () => {
    const { user, argsOf } = await setup('connections/create-oauth');
    await user.click(screen.getByTestId('connection-create'));
    await user.click(screen.getByTestId('auth-scheme-oauth2'));
    expect(screen.queryByTestId('connection-api-key')).not.toBeInTheDocument();
    expect(screen.getByTestId('connection-client-secret')).toHaveAttribute('type', 'password');
    expect(screen.getByTestId('connection-refresh-token')).toHaveAttribute('type', 'password');

    await user.type(screen.getByTestId('connection-name'), 'Partner live');
    await user.type(screen.getByTestId('connection-client-id'), 'ca_Partner0001');
    await user.click(screen.getByTestId('connection-submit'));
    expect(await screen.findByTestId('connection-client-secret-error')).toHaveTextContent('Enter the client secret.');

    await user.type(screen.getByTestId('connection-client-secret'), 'sk_live_51PartnerSecret0001');
    await user.type(screen.getByTestId('connection-refresh-token'), 'rt_token0001');
    await user.selectOptions(screen.getByTestId('connection-mode'), 'LIVE');
    await user.click(screen.getByTestId('connection-submit'));
    await waitFor(() => expect(rowNamed('Partner live')).toBeDefined());
    expect(within(rowNamed('Partner live')!).getByTestId('connection-row-mode')).toHaveTextContent('LIVE');
    expect(argsOf('create_connection').at(-1)).toMatchObject({
      input: {
        auth: { scheme: 'oauth2', clientId: 'ca_Partner0001', clientSecret: 'sk_live_51PartnerSecret0001', refreshToken: 'rt_token0001', mode: 'LIVE' },
      },
    });
  });

  it('tests typed credentials: "Connection available" with account, country, mode and target', async () => {
    const { user, argsOf } = await setup('connections/test-draft');
    const account = recordedDraft(0).stripeAccountId!;
    await user.click(screen.getByTestId('connection-create'));
    await user.type(screen.getByTestId('connection-api-key'), 'sk_test_51Nv0FGQ9RKHgCVdKeu000001');
    await user.type(screen.getByTestId('connection-account-id'), account);
    await user.click(screen.getByTestId('connection-form-test'));

    const result = await screen.findByTestId('connection-test-result');
    expect(within(result).getByRole('heading')).toHaveTextContent(/^Connection available$/);
    expect(within(result).getByTestId('connection-test-account')).toHaveTextContent(account);
    expect(within(result).getByTestId('connection-test-country')).toHaveTextContent('DE');
    expect(within(result).getByTestId('connection-test-mode')).toHaveTextContent('SANDBOX');
    expect(within(result).getByTestId('connection-test-target')).toHaveTextContent('the offline sandbox');
    expect(argsOf('test_draft_connection')).toEqual([
      { input: { auth: { scheme: 'apiKey', apiKey: 'sk_test_51Nv0FGQ9RKHgCVdKeu000001' }, stripeAccountId: account } },
    ]);
    // Nothing was saved by testing.
    expect(argsOf('create_connection')).toHaveLength(0);

    // Changing the key makes the result stale: it goes away.
    await user.type(screen.getByTestId('connection-api-key'), '2');
    expect(screen.queryByTestId('connection-test-result')).not.toBeInTheDocument();
  });

  it('tests typed credentials: "Connection unavailable" with the reason and request id', async () => {
    const { user } = await setup('connections/test-draft');
    await user.click(screen.getByTestId('connection-create'));
    await user.type(screen.getByTestId('connection-api-key'), 'sk_live_51Nv0FGQ9RKHgCVdKaP3nV8rT2mX6');
    await user.click(screen.getByTestId('connection-form-test'));

    const result = await screen.findByTestId('connection-test-result');
    expect(within(result).getByRole('heading')).toHaveTextContent(/^Connection unavailable$/);
    expect(within(result).getByTestId('connection-test-reason')).toHaveTextContent(
      'Key for the wrong mode: this is a live key, but ConnectDesk is using the offline sandbox.',
    );
    expect(within(result).getByTestId('connection-test-request-id')).toHaveTextContent(/^req_\w+$/);
    expect(within(result).queryByTestId('connection-test-account')).not.toBeInTheDocument();
  });

  it('omits the request id when Stripe sent none', async () => {
    const unavailable: ConnectionTest = {
      available: false,
      accountId: null,
      country: null,
      mode: 'SANDBOX',
      reason: 'Network error: the offline sandbox could not be reached. Check the connection and try again.',
      requestId: null,
      target: 'the offline sandbox',
    };
    const { user } = await setup('connections/sample', (cmd) => (cmd === 'test_draft_connection' ? unavailable : PASS));
    await user.click(screen.getByTestId('connection-create'));
    await user.type(screen.getByTestId('connection-api-key'), 'sk_test_51Nv0FGQ9RKHgCVdKeu000001');
    await user.click(screen.getByTestId('connection-form-test'));
    const result = await screen.findByTestId('connection-test-result');
    expect(result).toHaveTextContent('Connection unavailable');
    expect(result).toHaveTextContent('Network error: the offline sandbox could not be reached.');
    expect(within(result).queryByTestId('connection-test-request-id')).not.toBeInTheDocument();
  });

  it('shows a spinner and disables Test while the test runs', async () => {
    let finish: (value: ConnectionTest) => void = () => {};
    const pending = new Promise<ConnectionTest>((resolve) => (finish = resolve));
    const { user } = await setup('connections/sample', (cmd) => (cmd === 'test_draft_connection' ? pending : PASS));
    await user.click(screen.getByTestId('connection-create'));
    await user.type(screen.getByTestId('connection-api-key'), 'sk_test_51Nv0FGQ9RKHgCVdKeu000001');
    await user.click(screen.getByTestId('connection-form-test'));

    const button = screen.getByTestId('connection-form-test');
    await waitFor(() => expect(button).toBeDisabled());
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(within(button).getByTestId('spinner')).toBeInTheDocument();
    expect(screen.getByTestId('connection-testing')).toHaveTextContent('Testing the connection…');

    finish({ available: true, accountId: 'acct_1Abcdefgh', country: 'DE', mode: 'SANDBOX', reason: null, requestId: null, target: 'the offline sandbox' });
    expect(await screen.findByTestId('connection-test-result')).toHaveTextContent('Connection available');
    expect(button).toBeEnabled();
    expect(screen.queryByTestId('connection-testing')).not.toBeInTheDocument();
  });

  it('tests an OAuth2 draft: empty fields are named, a revoked refresh token is explained', async () => {
    const { user, argsOf } = await setup('connections/test-draft');
    await user.click(screen.getByTestId('connection-create'));
    await user.click(screen.getByTestId('auth-scheme-oauth2'));
    await user.click(screen.getByTestId('connection-form-test'));
    expect(await screen.findByTestId('connection-client-id-error')).toHaveTextContent('Enter the client id.');
    expect(screen.queryByTestId('connection-test-result')).not.toBeInTheDocument();

    await user.type(screen.getByTestId('connection-client-id'), 'ca_PartnerPlatform01');
    await user.type(screen.getByTestId('connection-client-secret'), 'sk_test_51PartnerSecret0001');
    await user.type(screen.getByTestId('connection-refresh-token'), 'rt_revokedByTheMerchant01');
    await user.click(screen.getByTestId('connection-form-test'));
    expect(await screen.findByTestId('connection-test-result')).toHaveTextContent('Connection unavailable');
    expect(screen.getByTestId('connection-test-reason')).toHaveTextContent('Refresh token not accepted');
    expect(argsOf('test_draft_connection').at(-1)).toEqual({
      input: {
        auth: { scheme: 'oauth2', clientId: 'ca_PartnerPlatform01', clientSecret: 'sk_test_51PartnerSecret0001', refreshToken: 'rt_revokedByTheMerchant01', mode: 'SANDBOX' },
      },
    });

    // A grant the sandbox issued: its client id and refresh token.
    const granted = recordedDraft(4).auth as { clientId: string; refreshToken: string };
    await user.clear(screen.getByTestId('connection-client-id'));
    await user.type(screen.getByTestId('connection-client-id'), granted.clientId);
    await user.clear(screen.getByTestId('connection-refresh-token'));
    await user.type(screen.getByTestId('connection-refresh-token'), granted.refreshToken);
    await user.click(screen.getByTestId('connection-form-test'));
    expect(await screen.findByTestId('connection-test-result')).toHaveTextContent('Connection available');
  });

  it('edits with an empty key: the key is kept and only changed fields are sent', async () => {
    const { user, argsOf, app } = await setup('connections/rename');
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));

    await user.click(within(rowNamed('Acme test platform')!).getByTestId('connection-edit'));
    const key = screen.getByTestId('connection-api-key');
    expect(key).toHaveValue('');
    expect(key).toHaveAttribute('type', 'password');
    expect(key).toHaveAttribute('autocomplete', 'off');
    expect(key).toHaveAttribute('placeholder', 'sk_test_…4242 (leave empty to keep)');
    expect(screen.getByTestId('connection-webhook-secret')).toHaveAttribute('placeholder', 'whsec_…e8FH (leave empty to keep)');
    expect(screen.getByTestId('connection-name')).toHaveValue('Acme test platform');
    expect((screen.getByTestId('connection-account-id') as HTMLInputElement).value).toMatch(/^acct_\w+$/);
    // The scheme cannot change once the connection exists.
    expect(screen.getByTestId('auth-scheme-apikey')).toBeDisabled();
    expect(screen.getByTestId('auth-scheme-oauth2')).toBeDisabled();

    await user.clear(screen.getByTestId('connection-name'));
    await user.type(screen.getByTestId('connection-name'), 'Acme rehearsal');
    await user.click(screen.getByTestId('connection-submit'));
    await waitFor(() => expect(rowNamed('Acme rehearsal')).toBeDefined());

    const [update] = argsOf('update_connection');
    expect(update).toEqual({ input: { bizId: expect.any(String), connectionName: 'Acme rehearsal' } });
    expect(update!.input).not.toHaveProperty('apiKey');
    expect(update!.input).not.toHaveProperty('webhookSecret');
    expect(within(rowNamed('Acme rehearsal')!).getByTestId('connection-key')).toHaveTextContent('sk_test_…4242');
    // It is the connection in use: the header's name follows.
    await waitFor(() => expect(app.status?.activeConnection?.connectionName).toBe('Acme rehearsal'));
  });

  it('edits with a new key: the key is sent and the mode follows it', async () => {
    const { user, argsOf } = await setup('connections/new-key');
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    await user.click(within(rowNamed('Old restricted key')!).getByTestId('connection-edit'));
    await user.type(screen.getByTestId('connection-api-key'), 'rk_live_51Nv0FGQ9RKHgCVdKnew00live');
    await user.click(screen.getByTestId('connection-submit'));
    await waitFor(() => expect(screen.queryByTestId('connection-form')).not.toBeInTheDocument());
    expect(argsOf('update_connection')[0]).toEqual({
      input: { bizId: expect.any(String), apiKey: 'rk_live_51Nv0FGQ9RKHgCVdKnew00live' },
    });
    await waitFor(() => expect(within(rowNamed('Old restricted key')!).getByTestId('connection-row-mode')).toHaveTextContent('LIVE'));
  });

  it('closes without a request when nothing changed', async () => {
    const { user, argsOf, toaster } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    await user.click(within(rowNamed('Acme production')!).getByTestId('connection-edit'));
    await user.click(screen.getByTestId('connection-submit'));
    await waitFor(() => expect(screen.queryByTestId('connection-form')).not.toBeInTheDocument());
    expect(argsOf('update_connection')).toHaveLength(0);
    expect(toaster.items[0]).toMatchObject({ kind: 'info', message: 'Nothing changed.' });
  });

  it('edit: Test with the key left empty tests the saved connection', async () => {
    const { user, argsOf } = await setup('connections/test-edit');
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    await user.click(within(rowNamed('Acme test platform')!).getByTestId('connection-edit'));
    const account = (screen.getByTestId('connection-account-id') as HTMLInputElement).value;
    expect(account).toMatch(/^acct_\w+$/);
    await user.click(screen.getByTestId('connection-form-test'));
    expect(await screen.findByTestId('connection-test-result')).toHaveTextContent('Connection available');
    // The form as shown, its empty key meaning the stored one.
    expect(argsOf('test_draft_connection')).toEqual([
      { input: { bizId: expect.stringMatching(/^sc_/), auth: { scheme: 'apiKey', apiKey: null }, stripeAccountId: account } },
    ]);
    expect(argsOf('test_connection')).toHaveLength(0);
  });

  it('row Test shows the result for the stored credentials', async () => {
    const { user } = await setup('connections/test-saved');
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    await user.click(within(rowNamed('Acme test platform')!).getByTestId('connection-test'));
    const dialog = screen.getByTestId('connection-test-dialog');
    const result = await within(dialog).findByTestId('connection-test-result');
    expect(result).toHaveTextContent('Connection available');
    expect(result).toHaveTextContent(/acct_\w+/);
    await user.click(screen.getByTestId('connection-test-close'));
    expect(screen.queryByTestId('connection-test-dialog')).not.toBeInTheDocument();

    await user.click(within(rowNamed('Acme production')!).getByTestId('connection-test'));
    expect(await screen.findByTestId('connection-test-result')).toHaveTextContent('Connection unavailable');
    expect(screen.getByTestId('connection-test-reason')).toHaveTextContent('Key for the wrong mode');
    expect(screen.getByTestId('connection-test-request-id')).toHaveTextContent(/^req_\w+$/);
  });

  it('row Test of an OAuth2 connection exchanges its refresh token and shows the account', async () => {
    const { user, argsOf } = await setup('connections/test-saved');
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    await user.click(within(rowNamed('Acme partner (OAuth)')!).getByTestId('connection-test'));
    expect(await screen.findByTestId('connection-test-result')).toHaveTextContent('Connection available');
    expect(argsOf('test_connection').at(-1)).toEqual({ bizId: expect.stringMatching(/^sc_/) });
  });

  it('deactivates after confirmation and reactivates without; the header learns of it', async () => {
    const { app, user, argsOf } = await setup('connections/toggle');
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    const status = () => within(rowNamed('Acme production')!).getByTestId('connection-row-status');

    const toggle = within(rowNamed('Acme production')!).getByTestId('connection-toggle');
    expect(toggle).toHaveAccessibleName('Deactivate “Acme production”');
    await user.click(toggle);
    expect(screen.getByTestId('confirm-dialog')).toHaveTextContent('Acme production');
    await user.click(screen.getByTestId('confirm-cancel'));
    expect(argsOf('set_connection_active')).toHaveLength(0);

    await user.click(within(rowNamed('Acme production')!).getByTestId('connection-toggle'));
    await user.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(status()).toHaveTextContent('INACTIVE'));
    expect(argsOf('set_connection_active')[0]).toMatchObject({ active: false });

    const again = within(rowNamed('Acme production')!).getByTestId('connection-toggle');
    expect(again).toHaveAccessibleName('Reactivate “Acme production”');
    await user.click(again);
    expect(screen.queryByTestId('confirm-dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(status()).toHaveTextContent(/^ACTIVE$/));
    // Not the one in use: the app status stays as it was.
    expect(app.status?.activeConnection).toMatchObject({ connectionName: 'Acme test platform', active: true });
  });

  it('deletes after confirmation', async () => {
    const { user } = await setup('connections/delete');
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    await user.click(within(rowNamed('Old restricted key')!).getByTestId('connection-delete'));
    expect(screen.getByTestId('confirm-dialog')).toHaveTextContent('Old restricted key');
    expect(screen.getByTestId('confirm-cancel')).toHaveFocus();
    await user.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS - 1));
    expect(rowNamed('Old restricted key')).toBeUndefined();
  });

  it('filters by name and sorts by account', async () => {
    const { user, argsOf } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    await user.type(screen.getByTestId('table-filter'), 'acme p');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(argsOf('list_connections').at(-1)).toMatchObject({
      query: {
        filters: [
          { field: 'connectionName', op: 'contains', value: 'acme p' },
          { field: 'workspaceId', op: 'eq', value: '1' },
        ],
      },
    });
    await user.clear(screen.getByTestId('table-filter'));
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    await user.click(screen.getByTestId('table-sort-account'));
    await waitFor(() => expect(rows()[2]).toHaveTextContent('Acme test platform'));
    expect(argsOf('list_connections').at(-1)).toMatchObject({ query: { sort: 'stripeAccountId:asc' } });
  });

  it('invites to add the first connection', async () => {
    const { user } = await setup('connections/none');
    const empty = await screen.findByTestId('table-empty');
    expect(empty).toHaveTextContent('No connections yet');
    await user.click(within(empty).getByTestId('connection-create-empty'));
    expect(screen.getByTestId('connection-form')).toBeInTheDocument();
  });

  it('warns in the form while secrets are locked', async () => {
    const { user } = await setup('connections/locked');
    await user.click(screen.getByTestId('connection-create'));
    expect(screen.getByTestId('connection-form-locked')).toHaveTextContent('cannot be saved yet');
  });

  it('exports the workspace’s connections and says where the file went', async () => {
    const { user, argsOf, toaster } = await setup();
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    await user.click(screen.getByTestId('connection-export'));
    await waitFor(() => expect(toaster.items.at(-1)?.message).toMatch(/^Exported 4 connections \(hints only, no secrets\) to .*connectdesk-connections-acme/));
    expect(argsOf('export_connections')).toEqual([{ workspaceId: 1 }]);
  });

  it('as Support the table stays readable, says why it is read-only, and offers no change', async () => {
    const { app, calls } = await setup('connections/sample', asSupport('connections/sample'));
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    expect(app.status?.operator?.displayName).toBe('Sam Support');
    expect(screen.getByTestId('connections-read-only')).toHaveTextContent(
      'Read-only: you need the Admin role to manage Stripe connections.',
    );
    for (const id of ['connection-create', 'connection-export', 'connection-use', 'connection-test', 'connection-edit', 'connection-toggle', 'connection-delete']) {
      expect(screen.queryAllByTestId(id), id).toHaveLength(0);
    }
    // Still readable: the one in use, keys as hints, status, copyable ids.
    expect(within(rowNamed('Acme test platform')!).getByTestId('connection-in-use')).toHaveTextContent('In use');
    const production = rowNamed('Acme production')!;
    expect(within(production).getByTestId('connection-key')).toHaveTextContent('sk_live_…9Xq2');
    expect(within(production).getByRole('button', { name: 'Copy Account acct_1Nv0FGQ9RKHgLive' })).toBeInTheDocument();
    expect(within(rowNamed('Old restricted key')!).getByTestId('connection-row-status')).toHaveTextContent('INACTIVE');
    expect(calls.map((c) => c.cmd).filter((cmd) => cmd !== 'get_app_status' && cmd !== 'list_connections')).toEqual([]);
  });

  it('as Support an empty workspace offers no “New connection”', async () => {
    await setup('connections/none', asSupport('connections/none'));
    expect(await screen.findByText('No connections yet')).toBeInTheDocument();
    expect(screen.queryByTestId('connection-create-empty')).not.toBeInTheDocument();
    expect(screen.queryByTestId('connection-create')).not.toBeInTheDocument();
  });

  it('as Admin there is no read-only note', async () => {
    await setup();
    await waitFor(() => expect(rows()).toHaveLength(ACME_ROWS));
    expect(screen.queryByTestId('connections-read-only')).not.toBeInTheDocument();
    expect(screen.getByTestId('connection-create')).toBeInTheDocument();
  });
});
