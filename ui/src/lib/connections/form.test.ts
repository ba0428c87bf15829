import { describe, expect, it } from 'vitest';
import type { Connection } from '../bindings';
import {
  buildCreate,
  buildUpdate,
  changedFields,
  draftFrom,
  emptyDraft,
  keepPlaceholder,
  keyHint,
  testInput,
  type ConnectionDraft,
} from './form';

const API_KEY_CONNECTION: Connection = {
  id: 7,
  bizId: 'sc_3f1a9e2c4b7d1a06',
  tenantBizId: 'tn_000001',
  workspaceId: 1,
  connectionName: 'Acme test platform',
  connectionDescription: 'For rehearsals.',
  stripeAccountId: 'acct_1Nv0FGQ9RKHgCVdK',
  authScheme: 'apiKey',
  mode: 'SANDBOX',
  status: 1,
  statusName: 'ACTIVE',
  partnerEndpoint: null,
  configJson: '{"a":1}',
  clientId: null,
  hints: { apiKey: 'sk_test_…4242', webhookSecret: 'whsec_…e8FH', clientSecret: null, refreshToken: null, previousWebhookSecret: null, forwardingSecret: null },
  lastTest: null,
  previousWebhookSecretUntil: null,
  createdAt: '2025-06-22T09:15:00.000Z',
  updatedAt: '2025-06-22T09:15:00.000Z',
};

const OAUTH_CONNECTION: Connection = {
  ...API_KEY_CONNECTION,
  bizId: 'sc_oauth',
  authScheme: 'oauth2',
  clientId: 'ca_123456789',
  stripeAccountId: null,
  configJson: null,
  hints: { apiKey: null, webhookSecret: null, clientSecret: 'cs_test_…6cZk', refreshToken: 'rt_…C8dE', previousWebhookSecret: null, forwardingSecret: null },
};

const edit = (connection: Connection, changes: Partial<ConnectionDraft>): ConnectionDraft => ({
  ...draftFrom(connection),
  ...changes,
});

describe('connection form: the update diff', () => {
  it('sends nothing but the bizId when nothing changed, and secret inputs start empty', () => {
    const draft = draftFrom(API_KEY_CONNECTION);
    expect(draft.apiKey).toBe('');
    expect(draft.webhookSecret).toBe('');
    const update = buildUpdate(API_KEY_CONNECTION, draft);
    expect(update).toEqual({ bizId: API_KEY_CONNECTION.bizId });
    expect(changedFields(update)).toEqual([]);
  });

  it('sends only the fields that changed', () => {
    const update = buildUpdate(API_KEY_CONNECTION, edit(API_KEY_CONNECTION, { connectionName: 'Acme sandbox' }));
    expect(update).toEqual({ bizId: API_KEY_CONNECTION.bizId, connectionName: 'Acme sandbox' });
    expect(changedFields(update)).toEqual(['connectionName']);
  });

  it('keeps the stored key when the key input is empty or blank', () => {
    expect(buildUpdate(API_KEY_CONNECTION, edit(API_KEY_CONNECTION, { apiKey: '' }))).not.toHaveProperty('apiKey');
    expect(buildUpdate(API_KEY_CONNECTION, edit(API_KEY_CONNECTION, { apiKey: '   ' }))).not.toHaveProperty('apiKey');
  });

  it('sends a newly typed key', () => {
    const update = buildUpdate(API_KEY_CONNECTION, edit(API_KEY_CONNECTION, { apiKey: 'sk_live_abcdefgh12345678' }));
    expect(update).toEqual({ bizId: API_KEY_CONNECTION.bizId, apiKey: 'sk_live_abcdefgh12345678' });
  });

  it('sends "" for an emptied optional field, which clears it', () => {
    const update = buildUpdate(
      API_KEY_CONNECTION,
      edit(API_KEY_CONNECTION, { connectionDescription: '', stripeAccountId: '', configJson: '' }),
    );
    expect(update).toEqual({
      bizId: API_KEY_CONNECTION.bizId,
      connectionDescription: '',
      stripeAccountId: '',
      configJson: '',
    });
  });

  it('sends a field that was empty and now has a value', () => {
    const update = buildUpdate(API_KEY_CONNECTION, edit(API_KEY_CONNECTION, { partnerEndpoint: 'https://hooks.example/x' }));
    expect(update).toEqual({ bizId: API_KEY_CONNECTION.bizId, partnerEndpoint: 'https://hooks.example/x' });
  });

  it('removes the webhook secret only when asked, and keeps it when its input is empty', () => {
    expect(buildUpdate(API_KEY_CONNECTION, edit(API_KEY_CONNECTION, { webhookSecret: '' }))).not.toHaveProperty('webhookSecret');
    expect(buildUpdate(API_KEY_CONNECTION, edit(API_KEY_CONNECTION, { removeWebhookSecret: true }))).toEqual({
      bizId: API_KEY_CONNECTION.bizId,
      webhookSecret: '',
    });
    expect(buildUpdate(API_KEY_CONNECTION, edit(API_KEY_CONNECTION, { webhookSecret: 'whsec_newsecret1' }))).toEqual({
      bizId: API_KEY_CONNECTION.bizId,
      webhookSecret: 'whsec_newsecret1',
    });
    // Nothing to remove: nothing is sent.
    expect(buildUpdate(OAUTH_CONNECTION, edit(OAUTH_CONNECTION, { removeWebhookSecret: true }))).toEqual({
      bizId: OAUTH_CONNECTION.bizId,
    });
  });

  it('never sends the other scheme’s fields', () => {
    const apiKeyUpdate = buildUpdate(
      API_KEY_CONNECTION,
      edit(API_KEY_CONNECTION, { clientId: 'ca_x', clientSecret: 'secret', refreshToken: 'token' }),
    );
    expect(apiKeyUpdate).toEqual({ bizId: API_KEY_CONNECTION.bizId });

    const oauthUpdate = buildUpdate(OAUTH_CONNECTION, edit(OAUTH_CONNECTION, { apiKey: 'sk_test_abcdefgh' }));
    expect(oauthUpdate).toEqual({ bizId: OAUTH_CONNECTION.bizId });
  });

  it('for OAuth2, sends a changed client id and typed secrets only', () => {
    expect(buildUpdate(OAUTH_CONNECTION, draftFrom(OAUTH_CONNECTION))).toEqual({ bizId: OAUTH_CONNECTION.bizId });
    expect(
      buildUpdate(OAUTH_CONNECTION, edit(OAUTH_CONNECTION, { clientId: 'ca_987654321', refreshToken: 'rt_new_token' })),
    ).toEqual({ bizId: OAUTH_CONNECTION.bizId, clientId: 'ca_987654321', refreshToken: 'rt_new_token' });
  });
});

describe('connection form: create and test requests', () => {
  it('creates with an API key and leaves blank optional fields out', () => {
    const input = buildCreate(3, { ...emptyDraft(), connectionName: 'Acme', apiKey: 'sk_test_abcdefgh', partnerEndpoint: '  ' });
    expect(input).toEqual({ workspaceId: 3, connectionName: 'Acme', auth: { scheme: 'apiKey', apiKey: 'sk_test_abcdefgh' } });
  });

  it('creates with OAuth2 credentials and the chosen mode', () => {
    const input = buildCreate(3, {
      ...emptyDraft(),
      connectionName: 'Partner',
      authScheme: 'oauth2',
      apiKey: 'ignored',
      clientId: 'ca_1',
      clientSecret: 'cs_1',
      refreshToken: 'rt_1',
      mode: 'LIVE',
      stripeAccountId: 'acct_12345678',
      configJson: '{}',
    });
    expect(input).toEqual({
      workspaceId: 3,
      connectionName: 'Partner',
      auth: { scheme: 'oauth2', clientId: 'ca_1', clientSecret: 'cs_1', refreshToken: 'rt_1', mode: 'LIVE' },
      stripeAccountId: 'acct_12345678',
      configJson: '{}',
    });
  });

  it('tests the form as shown: typed secrets, or null (the stored one) when editing with them left empty', () => {
    const typed = { ...emptyDraft(), apiKey: 'sk_test_abcdefgh', stripeAccountId: 'acct_12345678' };
    expect(testInput(null, typed)).toEqual({
      auth: { scheme: 'apiKey', apiKey: 'sk_test_abcdefgh' },
      stripeAccountId: 'acct_12345678',
    });
    expect(testInput(API_KEY_CONNECTION, draftFrom(API_KEY_CONNECTION))).toEqual({
      bizId: API_KEY_CONNECTION.bizId,
      auth: { scheme: 'apiKey', apiKey: null },
      stripeAccountId: 'acct_1Nv0FGQ9RKHgCVdK',
    });
    expect(testInput(API_KEY_CONNECTION, edit(API_KEY_CONNECTION, { apiKey: 'sk_test_newkey123', stripeAccountId: '' }))).toEqual({
      bizId: API_KEY_CONNECTION.bizId,
      auth: { scheme: 'apiKey', apiKey: 'sk_test_newkey123' },
    });
  });

  it('words the placeholders and the key column', () => {
    expect(keepPlaceholder('sk_test_…4242')).toBe('sk_test_…4242 (leave empty to keep)');
    expect(keepPlaceholder(null)).toBe('Leave empty to keep the current value');
    expect(keyHint(API_KEY_CONNECTION)).toBe('sk_test_…4242');
    expect(keyHint(OAUTH_CONNECTION)).toBe('OAuth2 cs_test_…6cZk');
  });
});
