// The connection form against IPC answers shaped as the Rust types in bindings.ts (no mock backend).
import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Connection, ConnectionTest } from '../bindings';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import ConnectionFormDialog from './ConnectionFormDialog.svelte';
import type { ConnectionSave } from './form';

const SAVED: Connection = {
  id: 4,
  bizId: 'sc_4f1e9e2c4b7d1a06',
  tenantBizId: 'tn_000001',
  workspaceId: 1,
  connectionName: 'Acme test platform',
  connectionDescription: null,
  stripeAccountId: 'acct_1Nv0FGQ9RKHgCVdK',
  authScheme: 'apiKey',
  mode: 'SANDBOX',
  status: 1,
  statusName: 'ACTIVE',
  partnerEndpoint: null,
  configJson: null,
  clientId: null,
  hints: { apiKey: 'sk_test_…4242', webhookSecret: null, clientSecret: null, refreshToken: null, previousWebhookSecret: null, forwardingSecret: null },
  lastTest: null,
  previousWebhookSecretUntil: null,
  createdAt: '2031-01-01T00:00:00.000Z',
  updatedAt: '2031-01-01T00:00:00.000Z',
};

const UNAVAILABLE: ConnectionTest = {
  available: false,
  accountId: null,
  country: null,
  mode: 'SANDBOX',
  reason: 'Invalid API key: Stripe did not accept it. Copy the secret key again from the Stripe Dashboard (Developers → API keys).',
  requestId: 'req_sim_7Hq2LmX0',
  target: 'the offline sandbox',
};

function setup(connection: Connection | null, test: ConnectionTest = UNAVAILABLE) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    if (cmd === 'test_draft_connection') return test;
    throw { code: 'internalError', message: `unexpected ${cmd}`, field: null, fieldErrors: [] };
  });
  const saves: ConnectionSave[] = [];
  const onsubmit = vi.fn(async (save: ConnectionSave) => {
    saves.push(save);
  });
  render(ConnectionFormDialog, {
    props: { connection, workspaceId: 1, onsubmit, onerror: () => {}, onclose: () => {} },
    context: new Map<unknown, unknown>([[TOASTER_CONTEXT_KEY, new Toaster()]]),
  });
  return { user: userEvent.setup(), calls, saves, onsubmit };
}

describe('Connection form', () => {
  it('after a failed Test, Save asks “Save anyway?” with the reason, and saves only when confirmed', async () => {
    const { user, saves } = setup(null);
    await user.type(screen.getByTestId('connection-name'), 'Main');
    await user.type(screen.getByTestId('connection-api-key'), 'sk_test_invalid1234567890');
    await user.click(screen.getByTestId('connection-form-test'));
    expect(await screen.findByTestId('connection-test-heading')).toHaveTextContent('Connection unavailable');

    await user.click(screen.getByTestId('connection-submit'));
    const ask = screen.getByTestId('connection-save-anyway');
    expect(ask).toHaveTextContent('Save anyway?');
    expect(screen.getByTestId('connection-save-anyway-reason')).toHaveTextContent('Invalid API key');
    expect(saves).toHaveLength(0);

    await user.click(screen.getByTestId('connection-save-anyway-cancel'));
    expect(screen.queryByTestId('connection-save-anyway')).not.toBeInTheDocument();
    expect(saves).toHaveLength(0);

    await user.click(screen.getByTestId('connection-submit'));
    await user.click(screen.getByTestId('connection-save-anyway-confirm'));
    expect(saves).toHaveLength(1);
    // Saved after a Test: the owner tests the saved connection so its row shows the result.
    expect(saves[0]).toMatchObject({ kind: 'create', retest: true });
  });

  it('editing, Test sends the form as shown: the saved connection, no secret, the typed account id', async () => {
    const { user, calls } = setup(SAVED);
    const account = screen.getByTestId('connection-account-id');
    await user.clear(account);
    await user.type(account, 'acct_1OtherAccount000');
    await user.click(screen.getByTestId('connection-form-test'));
    await screen.findByTestId('connection-test-result');
    expect(calls.filter((c) => c.cmd === 'test_draft_connection').map((c) => c.args.input)).toEqual([
      { bizId: SAVED.bizId, auth: { scheme: 'apiKey', apiKey: null }, stripeAccountId: 'acct_1OtherAccount000' },
    ]);
    expect(calls.some((c) => c.cmd === 'test_connection')).toBe(false);

    // Cleared: the account id is not sent, so the key's own account is tested.
    await user.clear(account);
    await user.click(screen.getByTestId('connection-form-test'));
    await screen.findByTestId('connection-test-result');
    const cleared = calls.filter((c) => c.cmd === 'test_draft_connection').at(-1)!.args.input as Record<string, unknown>;
    expect(cleared).toEqual({ bizId: SAVED.bizId, auth: { scheme: 'apiKey', apiKey: null } });
  });

  it('gives the sign-in choice and the key input their own accessible names', () => {
    setup(null);
    expect(screen.getByTestId('auth-scheme-apikey')).toHaveAccessibleName('Sign in with an API key');
    expect(screen.getByTestId('auth-scheme-oauth2')).toHaveAccessibleName('Sign in with OAuth2');
    expect(screen.getByTestId('connection-api-key')).toHaveAccessibleName('Secret or restricted key');
  });

  it('says what the Stripe account id is for, and what it is in the sandbox', () => {
    setup(null);
    const hint = screen.getByTestId('connection-account-id-hint');
    expect(hint).toHaveTextContent('Leave it empty to use the key’s own platform account');
    expect(hint).toHaveTextContent('In the offline sandbox that is the sandbox’s account id (Settings → Offline sandbox) or empty');
  });
});
