import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { asSupport } from '../../test/operatorStatus';
import { replay, type Override, type ScenarioName } from '../../test/replay';
import { APP_STATUS_CONTEXT_KEY, AppStatusStore } from '../shell/appStatus.svelte';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import SettingsSection from './SettingsSection.svelte';
import { describeVault } from './vault';

// Every answer comes from the real core (ui/src/test/fixtures/settings.json).
async function setup(name: ScenarioName = 'settings/sample', override?: Override) {
  const { calls } = replay(name, override);
  const app = new AppStatusStore();
  await app.refresh();
  const toaster = new Toaster();
  const user = userEvent.setup();
  render(SettingsSection, {
    props: { onshortcuts: () => {} },
    context: new Map<unknown, unknown>([
      [APP_STATUS_CONTEXT_KEY, app],
      [TOASTER_CONTEXT_KEY, toaster],
    ]),
  });
  return { app, toaster, user, calls };
}

describe('Settings: offline sandbox', () => {
  it('shows the simulator’s address while it runs', async () => {
    await setup();
    expect(screen.getByTestId('settings-sandbox-toggle')).toBeChecked();
    expect(screen.getByTestId('settings-sandbox-toggle')).toHaveRole('switch');
    expect(screen.getByTestId('settings-sandbox-url')).toHaveTextContent('http://127.0.0.1:47913');
    expect(screen.getByTestId('settings-sandbox')).toHaveTextContent('no real money moves');
    // Its clock, which an Admin can move forward (the simulator's test control).
    expect(await screen.findByTestId('settings-sandbox-clock')).toHaveTextContent('Sandbox time');
    expect(screen.getByTestId('settings-sandbox-clock-advance-24')).toHaveTextContent('+1 day');
    expect(screen.queryByTestId('settings-sandbox-clock-ahead')).not.toBeInTheDocument();
  });

  it('shows why the sandbox is not running', async () => {
    await setup('settings/sandbox-error');
    expect(screen.getByTestId('settings-sandbox-error')).toHaveTextContent(/^The offline sandbox could not start: .+/);
    expect(screen.queryByTestId('settings-sandbox-url')).not.toBeInTheDocument();
  });

  it('shows the backend’s reason when it cannot be switched off without a connection', async () => {
    const { user, app, toaster } = await setup('settings/no-connections');
    const toggle = screen.getByTestId('settings-sandbox-toggle');
    await user.click(toggle);
    const error = await screen.findByTestId('settings-sandbox-toggle-error');
    expect(error).toHaveRole('alert');
    expect(error).toHaveTextContent('Add a Stripe connection with your own API key before switching the offline sandbox off.');
    expect(toggle).toBeChecked();
    expect(toggle).toHaveAttribute('aria-invalid', 'true');
    expect(app.status?.sandbox).toBe(true);
    expect(toaster.items).toHaveLength(0);
  });

  it('switches off and on, updating the app status (and so the mode)', async () => {
    const { user, app, calls } = await setup('settings/switch');
    const toggle = screen.getByTestId('settings-sandbox-toggle');
    await user.click(toggle);
    await waitFor(() => expect(app.status?.sandbox).toBe(false));
    expect(toggle).not.toBeChecked();
    expect(app.status?.mode).toBe('LIVE');
    expect(screen.getByTestId('settings-sandbox-off')).toHaveTextContent('live key');
    expect(calls.filter((c) => c.cmd === 'set_sandbox_enabled').map((c) => c.args)).toEqual([{ enabled: false }]);

    await user.click(toggle);
    await waitFor(() => expect(app.status?.sandbox).toBe(true));
    expect(toggle).toBeChecked();
    expect(app.status?.mode).toBe('SANDBOX');
  });
});

describe('Settings: secrets', () => {
  it('says the secrets are in the system keyring', async () => {
    await setup();
    expect(screen.getByTestId('settings-vault-state')).toHaveTextContent('Stored in the system keyring');
    expect(screen.queryByTestId('vault-passphrase')).not.toBeInTheDocument();
  });

  it('without a secret store, asks for a new passphrase twice and sets it', async () => {
    const { user, app, toaster, calls } = await setup('settings/no-store');
    expect(screen.getByTestId('settings-vault-detail')).toHaveTextContent(
      'No system secret store is available (the Secret Service is not running on this desktop). Choose a passphrase to protect your Stripe secrets; it cannot be recovered.',
    );
    const passphrase = screen.getByTestId('vault-passphrase');
    const confirmation = screen.getByTestId('vault-passphrase-confirm');
    expect(passphrase).toHaveAttribute('type', 'password');
    expect(confirmation).toHaveAttribute('type', 'password');

    // The two inputs must match (the core never sees the second one).
    await user.type(passphrase, 'correct horse');
    await user.type(confirmation, 'correct hose');
    await user.click(screen.getByTestId('vault-unlock'));
    expect(await screen.findByTestId('vault-passphrase-confirm-error')).toHaveTextContent('The two passphrases differ.');
    expect(calls.some((c) => c.cmd === 'unlock_secrets')).toBe(false);

    // The core's rule shows under the passphrase.
    await user.clear(passphrase);
    await user.clear(confirmation);
    await user.type(passphrase, 'short');
    await user.type(confirmation, 'short');
    await user.click(screen.getByTestId('vault-unlock'));
    const error = await screen.findByTestId('vault-passphrase-error');
    expect(error).toHaveRole('alert');
    expect(error).toHaveTextContent('The passphrase is too short: use at least 8 characters.');
    expect(passphrase).toHaveAttribute('aria-invalid', 'true');

    await user.clear(passphrase);
    await user.clear(confirmation);
    await user.type(passphrase, 'correct horse battery');
    await user.type(confirmation, 'correct horse battery');
    await user.click(screen.getByTestId('vault-unlock'));
    await waitFor(() => expect(app.status?.vault).toEqual({ state: 'unlocked', scheme: 'passphrase' }));
    expect(screen.getByTestId('settings-vault-state')).toHaveTextContent('Protected by your passphrase');
    expect(screen.queryByTestId('vault-passphrase')).not.toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === 'unlock_secrets').at(-1)?.args).toEqual({ input: { passphrase: 'correct horse battery' } });
    expect(toaster.items.at(-1)).toMatchObject({ kind: 'success' });
  });

  it('with a passphrase keystore, asks for the passphrase once and unlocks', async () => {
    const { user, app } = await setup('settings/locked');
    expect(screen.getByTestId('settings-vault-state')).toHaveTextContent('Locked');
    expect(screen.queryByTestId('vault-passphrase-confirm')).not.toBeInTheDocument();
    expect(screen.getByTestId('vault-unlock')).toHaveTextContent('Unlock');

    await user.type(screen.getByTestId('vault-passphrase'), 'open sesame{Enter}');
    expect(await screen.findByTestId('vault-passphrase-error')).toHaveTextContent('Wrong passphrase.');

    await user.clear(screen.getByTestId('vault-passphrase'));
    await user.type(screen.getByTestId('vault-passphrase'), 'open sesame please{Enter}');
    await waitFor(() => expect(app.status?.vault.state).toBe('unlocked'));
  });

  it('says why secrets are unavailable, with no form', async () => {
    await setup('settings/unavailable');
    expect(screen.getByTestId('settings-vault-state')).toHaveTextContent('Secrets are unavailable');
    expect(screen.getByTestId('settings-vault-detail')).toHaveTextContent(/The keystore file .+ is invalid/);
    expect(screen.queryByTestId('vault-passphrase')).not.toBeInTheDocument();
  });

  it('words every vault state', () => {
    expect(describeVault({ state: 'unlocked', scheme: 'os-keyring' }).title).toBe('Stored in the system keyring');
    expect(describeVault({ state: 'unlocked', scheme: 'passphrase' }).needsAction).toBe(false);
    expect(describeVault({ state: 'noSecretStore', store: 'Secret Service', reason: 'no D-Bus.' }).detail).toBe(
      'No system secret store is available (no D-Bus). Choose a passphrase to protect your Stripe secrets; it cannot be recovered.',
    );
    expect(describeVault({ state: 'needsPassphrase' }).needsAction).toBe(true);
    expect(describeVault({ state: 'unavailable', reason: 'x' }).needsAction).toBe(false);
  });
});

describe('Settings as an operator who may not change them', () => {
  it('shows the sandbox state and the retention as values, with no switch, field or Save', async () => {
    const { app } = await setup('settings/sample', asSupport('settings/sample'));
    expect(app.status?.operator?.displayName).toBe('Sam Support');
    expect(screen.getByTestId('settings-read-only')).toHaveTextContent('Read-only: you need the Admin role to change the sandbox');
    expect(screen.queryByTestId('settings-sandbox-toggle')).not.toBeInTheDocument();
    expect(screen.getByTestId('settings-sandbox-state')).toHaveTextContent(app.status?.sandbox ? 'On' : 'Off');
    expect(screen.queryByTestId('settings-retention-days')).not.toBeInTheDocument();
    expect(screen.queryByTestId('settings-retention-save')).not.toBeInTheDocument();
    expect(screen.getByTestId('settings-retention-value')).toHaveTextContent(
      `Settled operations are kept for ${app.status?.operationRetentionDays} days.`,
    );
  });

  it('the Admin has the switch and the field, and no read-only note', async () => {
    await setup();
    expect(screen.getByTestId('settings-sandbox-toggle')).toBeInTheDocument();
    expect(screen.getByTestId('settings-retention-days')).toBeInTheDocument();
    expect(screen.queryByTestId('settings-read-only')).not.toBeInTheDocument();
    expect(screen.queryByTestId('settings-sandbox-state')).not.toBeInTheDocument();
  });
});

describe('Settings: webhooks', () => {
  it('the Admin sees the receiver’s port and the stripe listen command for the connection in use', async () => {
    const { app } = await setup();
    const port = app.status!.webhookPort;
    expect(screen.getByTestId('settings-webhook-port')).toHaveValue(String(port));
    const path = app.status!.activeConnection ? String(app.status!.activeConnection.id) : '<connection id>';
    expect(screen.getByTestId('settings-webhook-listen')).toHaveTextContent(
      `stripe listen --forward-to http://127.0.0.1:${port}/webhooks/${path}`,
    );
    expect(screen.getByTestId('settings-webhook-receiver')).toHaveTextContent(
      app.status!.webhookReceiver ? `Receiver running at ${app.status!.webhookReceiver}` : 'The receiver is starting',
    );
  });

  it('Support sees the command but no port field', async () => {
    await setup('settings/sample', asSupport('settings/sample'));
    expect(screen.queryByTestId('settings-webhook-port')).not.toBeInTheDocument();
    expect(screen.getByTestId('settings-webhook-listen')).toHaveTextContent('stripe listen --forward-to http://127.0.0.1:');
  });
});
