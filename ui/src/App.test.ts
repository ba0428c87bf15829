import { clearMocks } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { SECTIONS } from './lib/shell/sections';
import { asSupport } from './test/operatorStatus';
import { replay, type Override, type ScenarioName } from './test/replay';

// Every answer comes from the real core (ui/src/test/fixtures/app.json): six workspaces, none active.
function start(name: ScenarioName = 'app/no-active', override?: Override) {
  replay(name, override);
  const user = userEvent.setup();
  render(App);
  return { user };
}

describe('App shell', () => {
  it('has a nav link for every section (the Admin sees Operators and Audit once the roles are read)', async () => {
    start();
    for (const section of SECTIONS) {
      expect(await screen.findByTestId(`nav-${section.id}`)).toHaveAttribute('href', `#/${section.id}`);
    }
    expect(screen.getByTestId('nav-workspaces')).toHaveAttribute('aria-current', 'page');
  });

  it('shows the mode and "No workspace selected", then the active workspace once set', async () => {
    const { user } = start();
    expect(await screen.findByTestId('header-mode')).toHaveTextContent(/^SANDBOX$/);
    expect(screen.getByTestId('header-workspace')).toHaveTextContent(/^No workspace selected$/);

    await waitFor(() => expect(screen.getAllByTestId('workspace-row')).toHaveLength(6));
    const row = screen.getAllByTestId('workspace-row').find((r) => within(r).queryByText('Hooli Creators'))!;
    await user.click(within(row).getByTestId('workspace-activate'));
    await waitFor(() => expect(screen.getByTestId('header-workspace')).toHaveTextContent(/^Hooli Creators$/));
  });

  it('marks LIVE mode', async () => {
    start('app/live');
    expect(await screen.findByTestId('header-mode')).toHaveTextContent(/^LIVE$/);
    expect(screen.getByTestId('header-workspace')).toHaveTextContent('Northwind Rentals');
  });

  it('the header marks a deactivated connection in use', async () => {
    const { user } = start('app/deactivate');
    const header = await screen.findByTestId('header-connection');
    await waitFor(() => expect(header).toHaveTextContent(/^Acme test platform$/));
    await user.click(screen.getByTestId('nav-connections'));
    await waitFor(() => expect(screen.getAllByTestId('connection-row').length).toBeGreaterThan(0));
    const row = screen.getAllByTestId('connection-row').find((r) => within(r).queryByText('Acme test platform'))!;
    await user.click(within(row).getByTestId('connection-toggle'));
    await user.click(screen.getByTestId('confirm-ok'));
    await waitFor(() => expect(header).toHaveTextContent('Acme test platform (deactivated)'));
    expect(header).toHaveAttribute('title', expect.stringContaining('does not call Stripe'));
  });

  it('says plainly when the backend is missing', async () => {
    clearMocks();
    delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
    render(App);
    expect(screen.getByTestId('backend-unavailable')).toHaveTextContent('Backend not available');
    expect(screen.getByTestId('header-workspace')).toHaveTextContent('No workspace selected');
    expect(await screen.findByTestId('table-error')).toHaveTextContent('Backend not available');
  });

  it('opens the Events section, its own chunk, with the heading focused', async () => {
    const { user } = start();
    await user.click(await screen.findByTestId('nav-events'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'Events' })).toHaveFocus());
    expect(screen.queryByTestId('coming-soon')).not.toBeInTheDocument();
  });

  it('works from the keyboard: g s, Alt+1, ?, /, n', async () => {
    const { user } = start();
    await screen.findByTestId('header-mode');

    await user.keyboard('gs');
    expect(await screen.findByTestId('settings-version')).toHaveTextContent('0.1.0');
    expect(screen.getByTestId('settings-data-dir')).toHaveTextContent('/home/user/.local/share/com.connectdesk.app');
    expect(screen.getByTestId('settings-mode')).toHaveTextContent('SANDBOX');

    await user.keyboard('{Alt>}1{/Alt}');
    await waitFor(() => expect(screen.getAllByTestId('workspace-row')).toHaveLength(6));

    await user.keyboard('?');
    const help = screen.getByTestId('shortcuts-dialog');
    expect(help).toHaveTextContent('Filter the list');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('shortcuts-dialog')).not.toBeInTheDocument();

    await user.keyboard('/');
    expect(screen.getByTestId('table-filter')).toHaveFocus();
    // Typing in the filter box does not trigger shortcuts.
    await user.keyboard('n');
    expect(screen.queryByTestId('workspace-form')).not.toBeInTheDocument();
    await user.keyboard('{Escape}'); // clears the filter
    expect(screen.getByTestId('table-filter')).toHaveValue('');

    screen.getByTestId('table-filter').blur();
    await user.keyboard('n');
    expect(screen.getByTestId('workspace-form')).toBeInTheDocument();
    expect(screen.getByTestId('workspace-name')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('workspace-form')).not.toBeInTheDocument();
    expect(screen.getByTestId('workspace-create')).toHaveFocus();
  });

  it('as Support, "n" creates nothing where the create button is left out', async () => {
    const { user } = start('app/use', asSupport('app/use'));
    await waitFor(() => expect(screen.getByTestId('header-operator')).toHaveTextContent('Sam Support'));
    await waitFor(() => expect(screen.getAllByTestId('workspace-row').length).toBeGreaterThan(0));
    await user.keyboard('n');
    expect(screen.queryByTestId('workspace-form')).not.toBeInTheDocument();

    await user.keyboard('gc');
    await waitFor(() => expect(screen.getAllByTestId('connection-row')).toHaveLength(4));
    expect(screen.getByTestId('connections-read-only')).toBeInTheDocument();
    await user.keyboard('n');
    expect(screen.queryByTestId('connection-form')).not.toBeInTheDocument();
  });

  it('shows the connection in use next to the workspace, and follows "Use"', async () => {
    const { user } = start('app/use');
    await waitFor(() => expect(screen.getByTestId('header-connection')).toHaveTextContent(/^Acme test platform$/));
    expect(screen.getByTestId('header-connection')).toHaveAttribute('href', '#/connections');

    await user.click(screen.getByTestId('nav-connections'));
    await waitFor(() => expect(screen.getAllByTestId('connection-row')).toHaveLength(4));
    const row = screen.getAllByTestId('connection-row').find((r) => within(r).queryByText('Acme production'))!;
    await user.click(within(row).getByTestId('connection-use'));
    await waitFor(() => expect(screen.getByTestId('header-connection')).toHaveTextContent(/^Acme production$/));
  });

  it('says "No connection" when the workspace uses none', async () => {
    start('app/no-connection');
    await waitFor(() => expect(screen.getByTestId('header-workspace')).toHaveTextContent('Globex Tutors'));
    expect(screen.getByTestId('header-connection')).toHaveTextContent(/^No connection$/);
  });

  it('shows a banner linking to Settings while secrets cannot be saved, until a passphrase is set', async () => {
    const { user } = start('app/no-store');
    const banner = await screen.findByTestId('vault-banner');
    expect(banner).toHaveTextContent('connections cannot be saved until you set a passphrase');
    expect(within(banner).queryByRole('button', { name: /dismiss|close/i })).not.toBeInTheDocument();

    await user.click(within(banner).getByTestId('vault-banner-link'));
    expect(await screen.findByTestId('vault-passphrase')).toBeInTheDocument();
    await user.type(screen.getByTestId('vault-passphrase'), 'correct horse battery');
    await user.type(screen.getByTestId('vault-passphrase-confirm'), 'correct horse battery');
    await user.click(screen.getByTestId('vault-unlock'));
    await waitFor(() => expect(screen.queryByTestId('vault-banner')).not.toBeInTheDocument());
  });

  it('shows the banner for a locked passphrase keystore, and none when unlocked', async () => {
    start('app/locked');
    expect(await screen.findByTestId('vault-banner')).toHaveTextContent('Your Stripe secrets are locked');
  });

  it('has no banner when the secrets are in the keyring', async () => {
    start();
    await screen.findByTestId('header-mode');
    expect(screen.queryByTestId('vault-banner')).not.toBeInTheDocument();
  });
});
