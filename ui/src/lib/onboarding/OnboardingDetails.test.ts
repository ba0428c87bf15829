// The details dialog with an entry shaped exactly as the Rust OnboardingEntry (no mock backend).
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { OnboardingEntry } from '../bindings';
import OnboardingDetails from './OnboardingDetails.svelte';

const ENTRY: OnboardingEntry = {
  id: 3,
  workspaceId: 1,
  merchantId: 'shop_42',
  accountId: 'acct_1QaZ2wSx3eDc4rFv',
  accountType: 'express',
  status: 4,
  statusName: 'PayoutEnabled',
  mode: 0,
  offline: true,
  email: 'owner@shop.example',
  country: 'US',
  tosAccepted: true,
  detailsSubmitted: true,
  chargesEnabled: true,
  payoutsEnabled: true,
  capabilities: { card_payments: 'active', transfers: 'active' },
  capabilityList: [
    { name: 'card_payments', label: 'Card payments', status: 'active' },
    { name: 'transfers', label: 'Transfers', status: 'active' },
  ],
  toDo: [],
  disabledReasonWords: null,
  paymentMethods: [
    { type: 'acss_debit', name: 'ACSS Debit', available: false },
    { type: 'us_bank_account', name: 'US bank account', available: true },
    { type: 'ideal', name: 'iDEAL', available: false },
    { type: 'cashapp', name: 'Cash App Pay', available: false },
  ],
  businessType: 'company',
  returnUrl: null,
  refreshUrl: null,
  linkExpiresAt: null,
  createdAt: '2031-01-01T00:00:00.000Z',
  updatedAt: '2031-01-01T00:10:00.000Z',
  deletedAt: '1970-01-01T00:00:00.000Z',
  rawResponse: { id: 'acct_1QaZ2wSx3eDc4rFv', object: 'account' },
};

describe('Onboarding details', () => {
  it('shows payment methods by the names the core gives, not title-cased ids', () => {
    render(OnboardingDetails, { props: { entry: ENTRY, onclose: () => {} } });
    const names = screen.getAllByTestId('onboarding-payment-method').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(names).toEqual([
      'ACSS Debit unavailable',
      'US bank account available',
      'iDEAL unavailable',
      'Cash App Pay unavailable',
    ]);
    expect(screen.getByTestId('onboarding-detail')).not.toHaveTextContent('Acss debit');
  });

  it('has a visible Close button that closes it', async () => {
    const onclose = vi.fn();
    render(OnboardingDetails, { props: { entry: ENTRY, onclose } });
    const close = within(screen.getByTestId('onboarding-detail')).getByRole('button', { name: 'Close' });
    expect(close).toBeVisible();
    await userEvent.setup().click(close);
    expect(onclose).toHaveBeenCalledOnce();
  });
});
