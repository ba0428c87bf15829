// The create-onboarding form without rendering: its fields (named as the core names them, so a
// field error lands under its input) and the request it sends.

import type { AccountKind, CreateOnboarding } from '../bindings';

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
  'businessProfile.mcc': 'MCC',
  'businessProfile.url': 'Website',
};

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
