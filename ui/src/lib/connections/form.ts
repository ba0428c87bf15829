// The connection form's data, without any rendering: what the form holds, and the requests it
// turns into (create, the update diff, the test). Validation is the core's job; nothing here
// decides whether a value is acceptable.

import type {
  AuthInput,
  AuthScheme,
  Connection,
  CreateConnection,
  DraftAuth,
  DraftConnectionTest,
  Mode,
  UpdateConnection,
} from '../bindings';

/** What the form's inputs hold. Secret inputs start empty: the UI never sees a stored secret. */
export interface ConnectionDraft {
  connectionName: string;
  connectionDescription: string;
  authScheme: AuthScheme;
  apiKey: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** OAuth2 only: an API key tells its mode by its prefix, OAuth2 tokens do not. */
  mode: Mode;
  stripeAccountId: string;
  webhookSecret: string;
  /** Editing only: remove the stored webhook signing secret. */
  removeWebhookSecret: boolean;
  partnerEndpoint: string;
  configJson: string;
}

/** The inputs the core may name in `CoreError.field`, and the test id of each one's input. */
export const FIELD_TEST_IDS = {
  connectionName: 'connection-name',
  connectionDescription: 'connection-description',
  authScheme: 'auth-scheme',
  apiKey: 'connection-api-key',
  clientId: 'connection-client-id',
  clientSecret: 'connection-client-secret',
  refreshToken: 'connection-refresh-token',
  stripeAccountId: 'connection-account-id',
  webhookSecret: 'connection-webhook-secret',
  partnerEndpoint: 'connection-partner-endpoint',
  configJson: 'connection-config-json',
} as const;

export type ConnectionField = keyof typeof FIELD_TEST_IDS;
export const CONNECTION_FIELDS = Object.keys(FIELD_TEST_IDS) as ConnectionField[];

/** Fields that take credentials: a test result no longer applies once one of them changes. */
export const CREDENTIAL_FIELDS: readonly ConnectionField[] = [
  'authScheme',
  'apiKey',
  'clientId',
  'clientSecret',
  'refreshToken',
  'stripeAccountId',
];

export function emptyDraft(): ConnectionDraft {
  return {
    connectionName: '',
    connectionDescription: '',
    authScheme: 'apiKey',
    apiKey: '',
    clientId: '',
    clientSecret: '',
    refreshToken: '',
    mode: 'SANDBOX',
    stripeAccountId: '',
    webhookSecret: '',
    removeWebhookSecret: false,
    partnerEndpoint: '',
    configJson: '',
  };
}

/** The form for editing `connection`: its values, with every secret input empty ("keep"). */
export function draftFrom(connection: Connection): ConnectionDraft {
  return {
    ...emptyDraft(),
    connectionName: connection.connectionName,
    connectionDescription: connection.connectionDescription ?? '',
    authScheme: connection.authScheme,
    clientId: connection.clientId ?? '',
    mode: connection.mode,
    stripeAccountId: connection.stripeAccountId ?? '',
    partnerEndpoint: connection.partnerEndpoint ?? '',
    configJson: connection.configJson ?? '',
  };
}

const isBlank = (value: string) => value.trim() === '';

/** The credentials as typed, in the shape the core takes. */
export function authInput(draft: ConnectionDraft): AuthInput {
  return draft.authScheme === 'apiKey'
    ? { scheme: 'apiKey', apiKey: draft.apiKey }
    : {
        scheme: 'oauth2',
        clientId: draft.clientId,
        clientSecret: draft.clientSecret,
        refreshToken: draft.refreshToken,
        mode: draft.mode,
      };
}

/** A new connection; optional fields left blank are not sent. */
export function buildCreate(workspaceId: number, draft: ConnectionDraft): CreateConnection {
  const input: CreateConnection = {
    workspaceId,
    connectionName: draft.connectionName,
    auth: authInput(draft),
  };
  if (!isBlank(draft.connectionDescription)) input.connectionDescription = draft.connectionDescription;
  if (!isBlank(draft.stripeAccountId)) input.stripeAccountId = draft.stripeAccountId;
  if (!isBlank(draft.webhookSecret)) input.webhookSecret = draft.webhookSecret;
  if (!isBlank(draft.partnerEndpoint)) input.partnerEndpoint = draft.partnerEndpoint;
  if (!isBlank(draft.configJson)) input.configJson = draft.configJson;
  return input;
}

/**
 * Only what changed, as the core's partial update expects:
 * - a text field is sent when it differs from the stored value; an emptied optional field is sent
 *   as "" (which clears it);
 * - a secret is sent only when something was typed: an empty secret input keeps the stored one;
 * - the webhook secret is sent as "" when its removal was asked for;
 * - fields of the other auth scheme are never sent (the scheme cannot change).
 */
export function buildUpdate(connection: Connection, draft: ConnectionDraft): UpdateConnection {
  const update: UpdateConnection = { bizId: connection.bizId };
  const text = (field: 'connectionName' | 'connectionDescription' | 'stripeAccountId' | 'partnerEndpoint' | 'configJson') => {
    if (draft[field] !== (connection[field] ?? '')) update[field] = draft[field];
  };
  text('connectionName');
  text('connectionDescription');
  text('stripeAccountId');
  text('partnerEndpoint');
  text('configJson');

  if (connection.authScheme === 'apiKey') {
    if (!isBlank(draft.apiKey)) update.apiKey = draft.apiKey;
  } else {
    if (draft.clientId !== (connection.clientId ?? '')) update.clientId = draft.clientId;
    if (!isBlank(draft.clientSecret)) update.clientSecret = draft.clientSecret;
    if (!isBlank(draft.refreshToken)) update.refreshToken = draft.refreshToken;
  }

  if (draft.removeWebhookSecret) {
    if (connection.hints.webhookSecret !== null) update.webhookSecret = '';
  } else if (!isBlank(draft.webhookSecret)) {
    update.webhookSecret = draft.webhookSecret;
  }
  return update;
}

/**
 * What the form asks its owner to save. `retest`: the form was tested as it is saved, so the
 * saved connection is tested once more and its result kept with it (the table shows it).
 */
export type ConnectionSave =
  | { kind: 'create'; input: CreateConnection; retest?: boolean }
  | { kind: 'update'; input: UpdateConnection; retest?: boolean };

/** The fields an update would change (everything but `bizId`). */
export function changedFields(update: UpdateConnection): (keyof UpdateConnection)[] {
  return (Object.keys(update) as (keyof UpdateConnection)[]).filter((k) => k !== 'bizId' && update[k] !== undefined);
}

/** Whether any secret input of the connection's scheme has something typed in it. */
export function typedSecrets(draft: ConnectionDraft): boolean {
  return draft.authScheme === 'apiKey'
    ? !isBlank(draft.apiKey)
    : !isBlank(draft.clientSecret) || !isBlank(draft.refreshToken);
}

/**
 * What the form's Test button sends: the form as shown. Editing, `bizId` names the saved
 * connection and a secret input left empty ("keep") is sent as `null`, so the core tests the
 * stored secret together with every other field as typed (account id, mode, client id).
 */
export function testInput(connection: Connection | null, draft: ConnectionDraft): DraftConnectionTest {
  const secret = (value: string) => (isBlank(value) ? null : value);
  const auth: DraftAuth =
    draft.authScheme === 'apiKey'
      ? { scheme: 'apiKey', apiKey: secret(draft.apiKey) }
      : {
          scheme: 'oauth2',
          clientId: draft.clientId,
          clientSecret: secret(draft.clientSecret),
          refreshToken: secret(draft.refreshToken),
          mode: draft.mode,
        };
  const input: DraftConnectionTest = { auth };
  if (connection) input.bizId = connection.bizId;
  if (!isBlank(draft.stripeAccountId)) input.stripeAccountId = draft.stripeAccountId;
  return input;
}

/** Placeholder of a secret input when editing: the stored secret's hint and what empty means. */
export function keepPlaceholder(hint: string | null | undefined): string {
  return hint ? `${hint} (leave empty to keep)` : 'Leave empty to keep the current value';
}

/** The key column: the API key's hint, or "OAuth2" and the client secret's hint. */
export function keyHint(connection: Connection): string {
  if (connection.authScheme === 'oauth2') {
    return connection.hints.clientSecret ? `OAuth2 ${connection.hints.clientSecret}` : 'OAuth2';
  }
  return connection.hints.apiKey ?? '—';
}
