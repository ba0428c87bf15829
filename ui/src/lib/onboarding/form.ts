// The create-onboarding form without rendering: its fields (named as the core names them, so a
// field error lands under its input) and the request it sends.

import type { AccountKind, CountryChoice, CreateOnboarding, OnboardingChoices } from '../bindings';

export const FORM_FIELDS = [
  'merchantId',
  'email',
  'country',
  'businessType',
  'businessProfile.name',
  'businessProfile.mcc',
  'businessProfile.url',
] as const;

export type FormField = (typeof FORM_FIELDS)[number];

export type FormValues = Record<FormField, string>;

export const FIELD_LABELS: Record<FormField, string> = {
  merchantId: 'Merchant ID',
  email: 'Email',
  country: 'Country',
  businessType: 'Business type',
  'businessProfile.name': 'Business name',
  'businessProfile.mcc': 'Category code (MCC)',
  'businessProfile.url': 'Website',
};

/** Stripe needs these to create the account; the rest the merchant can give at Stripe. */
export const REQUIRED_FIELDS: readonly FormField[] = ['merchantId', 'email', 'country'];

/** What each field is for, under its input. */
export const FIELD_HINTS: Partial<Record<FormField, string>> = {
  merchantId:
    'Your platform’s own id for this shop (e.g. its id in your database). ConnectDesk stores it with the Stripe account, so you can find the account from your records.',
  email: 'Where Stripe writes to the merchant about their account.',
  country: 'Where the business is based; it cannot change once the account exists.',
  businessType: 'Left open, the merchant chooses it during Stripe’s onboarding.',
  'businessProfile.mcc': 'Merchant category code: four digits, e.g. 5812 for restaurants.',
  'businessProfile.url': 'The shop’s public website (https).',
};

/** The countries where Stripe offers accounts of this type, as the core lists them. */
export function countriesFor(choices: OnboardingChoices, accountType: AccountKind): CountryChoice[] {
  return choices.countries.filter((country) => country.accountTypes.includes(accountType));
}

/** A field's value as step 3 repeats it: country and business type by name. */
export function summaryValue(field: FormField, raw: string, choices: OnboardingChoices | null): string {
  const value = raw.trim();
  if (value === '') return '';
  if (field === 'country') {
    const country = choices?.countries.find((c) => c.code === value.toUpperCase());
    return country ? `${country.name} (${country.code})` : value.toUpperCase();
  }
  if (field === 'businessType') return choices?.businessTypes.find((t) => t.value === value)?.label ?? value;
  return value;
}

export function emptyForm(): FormValues {
  return {
    merchantId: '',
    email: '',
    country: 'US',
    businessType: '',
    'businessProfile.name': '',
    'businessProfile.mcc': '',
    'businessProfile.url': '',
  };
}

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

export function createRequest(workspaceId: number, accountType: AccountKind, v: FormValues): CreateOnboarding {
  return {
    workspaceId,
    merchantId: v.merchantId.trim(),
    accountType,
    country: v.country.trim().toUpperCase(),
    email: v.email.trim(),
    businessType: orNull(v.businessType),
    businessProfile: {
      name: orNull(v['businessProfile.name']),
      mcc: orNull(v['businessProfile.mcc']),
      url: orNull(v['businessProfile.url']),
    },
  };
}
