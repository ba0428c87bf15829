// The wizard against IPC answers shaped as the Rust types in bindings.ts (no mock backend).
import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CoreError, OnboardingChoices, OnboardingLink } from '../bindings';
import { TOASTER_CONTEXT_KEY, Toaster } from '../ui/toasts.svelte';
import OnboardingWizard from './OnboardingWizard.svelte';

const CHOICES: OnboardingChoices = {
  countries: [
    { code: 'AT', name: 'Austria', accountTypes: ['standard', 'express', 'custom'] },
    { code: 'DE', name: 'Germany', accountTypes: ['standard', 'express', 'custom'] },
    { code: 'US', name: 'United States', accountTypes: ['standard', 'express', 'custom'] },
  ],
  businessTypes: [
    { value: 'individual', label: 'Individual' },
    { value: 'company', label: 'Company' },
    { value: 'non_profit', label: 'Non-profit' },
    { value: 'government_entity', label: 'Government entity' },
  ],
};

const LINK: OnboardingLink = {
  entryId: 7,
  accountId: 'acct_1QaZ2wSx3eDc4rFv',
  url: 'http://127.0.0.1:41234/connect/onboarding/acct_1QaZ2wSx3eDc4rFv/tok_5f0c2d9e8b7a6f5e4d3c',
  expiresAt: '2031-01-01T00:05:00.000Z',
  linkType: 'account_onboarding',
};

const NO_BROWSER: CoreError = {
  code: 'serviceUnavailable',
  message: 'No web browser could be opened on this computer. Copy the link and open it in a browser yourself.',
  field: 'browser',
  fieldErrors: [],
};

function setup(openLink: () => unknown) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    switch (cmd) {
      case 'get_onboarding_choices':
        return CHOICES;
      case 'check_onboarding_form':
        return null;
      case 'create_onboarding':
        return LINK;
      case 'open_external_link':
        return openLink();
      default:
        throw { code: 'internalError', message: `unexpected ${cmd}`, field: null, fieldErrors: [] } satisfies CoreError;
    }
  });
  const onerror = vi.fn();
  render(OnboardingWizard, {
    props: { workspaceId: 1, onopened: () => {}, onchecked: () => {}, onerror, onclose: () => {} },
    context: new Map<unknown, unknown>([[TOASTER_CONTEXT_KEY, new Toaster()]]),
  });
  return { user: userEvent.setup(), onerror, calls };
}

async function toStep2(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByTestId('onboarding-type-express'));
  await user.click(screen.getByTestId('onboarding-next'));
}

describe('Onboarding wizard, step 2', () => {
  it('offers the core’s countries and business types as choices, marks required fields and explains the merchant id', async () => {
    const { user, calls } = setup(() => null);
    await toStep2(user);
    const country = screen.getByTestId('onboarding-country');
    expect(country.tagName).toBe('SELECT');
    await waitFor(() => expect(within(country).getAllByRole('option')).toHaveLength(3));
    expect(within(country).getByRole('option', { name: 'Germany (DE)' })).toBeInTheDocument();
    expect(country).toHaveValue('US');

    const type = screen.getByTestId('onboarding-businessType');
    expect(type.tagName).toBe('SELECT');
    expect(within(type).getAllByRole('option').map((o) => o.textContent?.trim())).toEqual([
      'Let the merchant choose at Stripe',
      'Individual',
      'Company',
      'Non-profit',
      'Government entity',
    ]);

    expect(screen.getByTestId('onboarding-merchantId')).toBeRequired();
    expect(screen.getByTestId('onboarding-email')).toBeRequired();
    expect(screen.getByTestId('onboarding-businessProfile.mcc')).not.toBeRequired();
    expect(screen.getByLabelText(/Business name/)).toHaveAccessibleName(/optional/);
    expect(screen.getByTestId('onboarding-merchantId')).toHaveAccessibleDescription(/Your platform’s own id for this shop/);

    await user.type(screen.getByTestId('onboarding-merchantId'), 'shop_42');
    await user.type(screen.getByTestId('onboarding-email'), 'owner@shop.example');
    await user.selectOptions(country, 'DE');
    await user.selectOptions(type, 'non_profit');
    await user.click(screen.getByTestId('onboarding-next'));
    const summary = await screen.findByTestId('onboarding-summary');
    expect(summary).toHaveTextContent('Germany (DE)');
    expect(summary).toHaveTextContent('Non-profit');
    const sent = calls.find((c) => c.cmd === 'check_onboarding_form')!.args.input as Record<string, unknown>;
    expect(sent).toMatchObject({ country: 'DE', businessType: 'non_profit', merchantId: 'shop_42' });
  });
});

describe('Onboarding wizard, step 3', () => {
  async function openLink(user: ReturnType<typeof userEvent.setup>) {
    await toStep2(user);
    await user.type(screen.getByTestId('onboarding-merchantId'), 'shop_42');
    await user.type(screen.getByTestId('onboarding-email'), 'owner@shop.example');
    await user.click(screen.getByTestId('onboarding-next'));
    await user.click(await screen.findByTestId('onboarding-open'));
  }

  it('when no browser can be opened, says so in words and shows the link with a Copy button', async () => {
    const { user, onerror } = setup(() => {
      throw NO_BROWSER;
    });
    await openLink(user);
    const problem = await screen.findByTestId('onboarding-no-browser');
    expect(problem).toHaveTextContent('No web browser could be opened on this computer.');
    expect(screen.getByTestId('onboarding-wizard')).not.toHaveTextContent('opened in your browser');
    const link = screen.getByTestId('onboarding-link-url');
    expect(link.tagName).toBe('A');
    expect(link).toHaveAttribute('href', LINK.url);
    expect(screen.getByRole('button', { name: 'Copy the onboarding link' })).toBeInTheDocument();
    expect(onerror).not.toHaveBeenCalled();
  });

  it('when the browser opened, says so, and still offers the link', async () => {
    const { user, onerror } = setup(() => null);
    await openLink(user);
    const link = await screen.findByTestId('onboarding-link-url');
    expect(screen.getByTestId('onboarding-wizard')).toHaveTextContent('The onboarding page opened in your browser.');
    expect(screen.queryByTestId('onboarding-no-browser')).not.toBeInTheDocument();
    expect(link).toHaveAttribute('href', LINK.url);
    expect(onerror).not.toHaveBeenCalled();
  });
});
