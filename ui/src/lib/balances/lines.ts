// A balance's currencies as the panel lists them. The amounts are Stripe's, as the core read
// them; nothing here adds or nets anything.

import type { Balance, CurrencyBalance } from '../bindings';

/** The line of `currency` (any case), if the balance has one. */
export function lineFor(balance: Balance | null, currency: string): CurrencyBalance | null {
  const code = currency.trim().toLowerCase();
  return balance?.currencies.find((line) => line.currency === code) ?? null;
}

/** Whether the balance is the platform's own (Stripe reports `connect_reserved` for platforms only). */
export function isPlatform(balance: Balance): boolean {
  return balance.accountId === null;
}
