// An in-memory stand-in for the Rust core, for `npm run dev:mock`, screenshots and component tests.
// It follows the core's contract (query language, CoreError with field, the connection rules and
// their messages) closely enough to exercise the UI; it is not the core and never ships (the
// production build drops the import).
//
// URL switches in mock mode: ?live (sandbox off, a LIVE connection in use), ?empty (no workspaces),
// ?many (60 workspaces), ?noconnections, ?nostore (no OS secret store: choose a passphrase),
// ?locked (enter the passphrase; it is "correct horse battery staple"), ?sandboxerror.

import { mockIPC } from '@tauri-apps/api/mocks';
import type {
  AppStatus,
  AuthInput,
  Connection,
  ConnectionTest,
  CoreError,
  CreateConnection,
  CreateOnboarding,
  DraftConnectionTest,
  FilterInput,
  ListQuery,
  Mode,
  OnboardingEntry,
  Page,
  UpdateConnection,
  VaultState,
  Workspace,
} from '../lib/bindings';

/** A connection to start with; `workspace` is the index into `workspaces`. */
export interface ConnectionSeed {
  workspace: number;
  name: string;
  description?: string;
  apiKey?: string;
  oauth2?: { clientId: string; clientSecret: string; refreshToken: string; mode: Mode };
  stripeAccountId?: string;
  webhookSecret?: string;
  partnerEndpoint?: string;
  configJson?: string;
  /** Deactivated (status INACTIVE). */
  inactive?: boolean;
  /** The connection its workspace uses. */
  inUse?: boolean;
}

export interface MockOptions {
  /** Forces the mode the status reports; otherwise it follows the sandbox and the connection in use. */
  mode?: AppStatus['mode'];
  workspaces?: string[];
  activeIndex?: number | null;
  connections?: ConnectionSeed[];
  /** The offline sandbox is switched on (default). */
  sandbox?: boolean;
  /** Why the sandbox is not running although it is switched on. */
  sandboxError?: string | null;
  vault?: VaultState;
  /** The passphrase that unlocks a `needsPassphrase` vault. */
  passphrase?: string;
  /** Onboarding entries to start with; `workspace` is the index into `workspaces`. */
  onboarding?: { workspace: number; merchantId: string; email: string; accountType?: string }[];
  /** How long new onboarding links stay valid (5 minutes by default, as at Stripe). */
  linkLifetimeMs?: number;
  /** Milliseconds every command waits, to see loading states. */
  latencyMs?: number;
}

const WORKSPACE_FIELDS = ['id', 'name', 'createdAt', 'updatedAt'] as const;
const CONNECTION_SORTABLE = ['id', 'connectionName', 'stripeAccountId', 'createdAt', 'updatedAt'] as const;
const CONNECTION_FILTERABLE = [...CONNECTION_SORTABLE, 'bizId', 'workspaceId', 'authScheme', 'mode', 'status'] as const;
const NUMERIC_FIELDS = ['id', 'workspaceId', 'status'];
const OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'in'];
const NOT_DELETED = '1970-01-01T00:00:00.000Z';
const SANDBOX_URL = 'http://127.0.0.1:47913';
const DEFAULT_PASSPHRASE = 'correct horse battery staple';

function fail(code: CoreError['code'], message: string, field: string | null = null): never {
  const error: CoreError = { code, message, field, fieldErrors: [] };
  throw error;
}

/** Like the core's FieldChecks: runs every rule of a form, then refuses it with all the problems. */
class FieldChecks {
  private failures: CoreError[] = [];

  /** The rule's value, or undefined when it failed (then `finish` throws, so it is never used). */
  check<T>(rule: () => T): T {
    try {
      return rule();
    } catch (error) {
      const e = error as CoreError;
      if (typeof e?.code !== 'string') throw error;
      this.failures.push(e);
      return undefined as T;
    }
  }

  finish(): void {
    const [first] = this.failures;
    if (!first) return;
    const fieldErrors = this.failures.flatMap((e) =>
      e.fieldErrors.length > 0 ? e.fieldErrors : e.field ? [{ field: e.field, code: e.code, message: e.message }] : [],
    );
    throw { ...first, fieldErrors } satisfies CoreError;
  }
}

// ---- The connection rules, as crates/core/src/connections/validate.rs words them ----

function connectionName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name === '') fail('required', 'Enter a connection name.', 'connectionName');
  if ([...name].length > 100) fail('tooLong', 'A connection name has at most 100 characters.', 'connectionName');
  return name;
}

function connectionDescription(raw: string): string | null {
  const text = raw.trim();
  if ([...text].length > 500) fail('tooLong', 'A description has at most 500 characters.', 'connectionDescription');
  return text === '' ? null : text;
}

function stripeAccountId(raw: string): string {
  const id = raw.trim();
  if (!/^acct_[A-Za-z0-9]{8,64}$/.test(id)) {
    fail(
      'invalidValue',
      'A Stripe account id looks like acct_1Nv0FGQ9RKHgCVdK (acct_ and 8 or more letters or digits).',
      'stripeAccountId',
    );
  }
  return id;
}

function apiKeyMode(raw: string): Mode {
  const key = raw.trim();
  if (key === '') {
    fail('required', 'Enter the platform’s secret key (sk_test_… or sk_live_…) from the Stripe Dashboard (Developers → API keys).', 'apiKey');
  }
  const m = /^(sk|rk)_(test|live)_(.*)$/.exec(key);
  if (!m) {
    fail(
      'invalidValue',
      'Use a secret key (sk_test_… or sk_live_…) or a restricted key (rk_test_… or rk_live_…). Publishable keys (pk_…) cannot manage accounts.',
      'apiKey',
    );
  }
  if (m[3]!.length < 8 || !/^[A-Za-z0-9]+$/.test(m[3]!)) {
    fail('invalidValue', 'This key is incomplete: copy the whole key from the Stripe Dashboard (Developers → API keys).', 'apiKey');
  }
  return m[2] === 'live' ? 'LIVE' : 'SANDBOX';
}

function webhookSecret(raw: string): string {
  const secret = raw.trim();
  if (!/^whsec_[A-Za-z0-9]{8,}$/.test(secret)) {
    fail('invalidValue', 'A webhook signing secret starts with whsec_ (Stripe Dashboard → Webhooks → Signing secret).', 'webhookSecret');
  }
  return secret;
}

function partnerEndpoint(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    fail('invalidValue', 'Enter a full URL such as https://partner.example.com/webhook.', 'partnerEndpoint');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !local) fail('invalidValue', 'Use https: plain http is allowed only for localhost.', 'partnerEndpoint');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('invalidValue', 'Use an https:// URL.', 'partnerEndpoint');
  if (url.hostname === '') fail('invalidValue', 'The URL has no host.', 'partnerEndpoint');
  if (url.username !== '' || url.password !== '') fail('invalidValue', 'Do not put credentials in the URL.', 'partnerEndpoint');
  return text;
}

function configJson(raw: string): string | null {
  if (raw.trim() === '') return null;
  if (raw.length > 64 * 1024) fail('tooLong', 'The configuration is larger than 64 KiB.', 'configJson');
  try {
    JSON.parse(raw);
  } catch (e) {
    fail('invalidValue', `This is not valid JSON: ${e instanceof Error ? e.message : String(e)}.`, 'configJson');
  }
  return raw;
}

function oauthValue(field: string, label: string, raw: unknown): string {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value === '') fail('required', `Enter the ${label}.`, field);
  if (value.length > 512 || /\s/.test(value)) fail('invalidValue', `The ${label} must be a single token without spaces.`, field);
  return value;
}

/** Empty or absent means none; anything else must pass the rule. */
function optionalText(raw: string | null | undefined, rule: (s: string) => string): string | null {
  const text = raw?.trim() ?? '';
  return text === '' ? null : rule(text);
}

/** `sk_test_…4242`, as connectdesk_secrets::Secret::hint makes it. */
export function secretHint(value: string): string {
  const prefix = /^([a-z]{1,8}_){1,2}/.exec(value)?.[0] ?? '';
  const chars = [...value];
  if (prefix !== '' && chars.length - prefix.length >= 16) return `${prefix}…${chars.slice(-4).join('')}`;
  const n = Math.min(Math.floor(chars.length / 4), 2);
  return `…${n === 0 ? '' : chars.slice(-n).join('')}`;
}

interface Secrets {
  apiKey: string | null;
  clientSecret: string | null;
  refreshToken: string | null;
  webhookSecret: string | null;
}

interface ConnectionRecord {
  connection: Connection;
  secrets: Secrets;
  deletedAt: string;
}

function compare(field: string, a: unknown, b: unknown): number {
  if (NUMERIC_FIELDS.includes(field)) return Number(a) - Number(b);
  return String(a ?? '').localeCompare(String(b ?? ''));
}

/** The core's list semantics (filters, sort, size, opaque token) over rows in memory. */
function listRows<T extends object>(
  all: T[],
  query: ListQuery,
  what: string,
  sortable: readonly string[],
  filterable: readonly string[],
): Page<T> {
  let size = 50;
  if (query.size !== null && query.size !== undefined) {
    if (!/^-?\d+$/.test(query.size)) fail('invalidCharacters', `The page size “${query.size}” is not a whole number.`, 'size');
    size = Number(query.size);
    if (size < 1 || size > 300) fail('invalidValue', 'The page size must be between 1 and 300.', 'size');
  }
  const value = (row: T, field: string) => (row as Record<string, unknown>)[field];
  const matches = (row: T, f: FilterInput): boolean => {
    if (!filterable.includes(f.field)) fail('unknownDataField', `${what} cannot be filtered by “${f.field}”.`, 'filters');
    if (!OPS.includes(f.op)) fail('unknownOperation', `“${f.op}” is not a filter operation.`, 'filters');
    const v = value(row, f.field);
    const text = v === null || v === undefined ? '' : String(v);
    switch (f.op) {
      case 'contains':
        return text.toLowerCase().includes(f.value.toLowerCase());
      case 'eq':
        return text === f.value;
      case 'ne':
        return text !== f.value;
      case 'in':
        return f.value.split(',').includes(text);
      default: {
        const cmp = compare(f.field, v, f.value);
        return f.op === 'lt' ? cmp < 0 : f.op === 'lte' ? cmp <= 0 : f.op === 'gt' ? cmp > 0 : cmp >= 0;
      }
    }
  };
  let rows = all.filter((row) => (query.filters ?? []).every((f) => matches(row, f)));
  if (query.sort) {
    const m = /^(\w+):(asc|desc)$/.exec(query.sort);
    if (!m) fail('syntaxError', `“${query.sort}” is not a sort: use field:asc or field:desc.`, 'sort');
    const [, field, dir] = m;
    if (!sortable.includes(field!)) fail('unknownDataField', `${what} cannot be sorted by “${field}”.`, 'sort');
    rows = [...rows].sort((a, b) => {
      const cmp = compare(field!, value(a, field!), value(b, field!));
      return dir === 'asc' ? cmp : -cmp;
    });
  }
  let offset = 0;
  if (query.pageToken) {
    const decoded = /^o(\d+)$/.exec(atob(query.pageToken));
    if (!decoded) fail('invalidValue', 'The page token is not valid.', 'pageToken');
    offset = Number(decoded[1]);
  }
  const items = rows.slice(offset, offset + size);
  const end = offset + size >= rows.length;
  return { items, endReached: end, nextPageToken: end ? null : btoa(`o${offset + size}`), totalCount: rows.length };
}

export function createMockCore(options: MockOptions = {}) {
  let nextId = 1;
  let nextConnectionId = 1;
  let bizSeq = 0x3f1a;
  const base = Date.parse('2025-06-02T09:15:00.000Z');
  const workspaces: Workspace[] = (options.workspaces ?? []).map((name, i) => {
    const at = new Date(base + i * 86_400_000 * 3 + i * 3_600_000).toISOString();
    return { id: nextId++, name, createdAt: at, updatedAt: at, deletedAt: NOT_DELETED };
  });
  let activeId: number | null =
    options.activeIndex === null || options.activeIndex === undefined ? null : (workspaces[options.activeIndex]?.id ?? null);
  let sandbox = options.sandbox ?? true;
  let sandboxError = options.sandboxError ?? null;
  // Seeding seals secrets, so it runs unlocked; the state the caller asked for applies after it.
  let vault: VaultState = { state: 'unlocked', scheme: 'os-keyring' };
  let passphrase = options.passphrase ?? DEFAULT_PASSPHRASE;
  const connections: ConnectionRecord[] = [];
  /** workspace id → bizId of the connection it uses. */
  const inUse = new Map<number, string>();

  const live = () => workspaces.filter((w) => w.deletedAt === NOT_DELETED);
  const liveConnections = () => connections.filter((c) => c.deletedAt === NOT_DELETED);

  function activeConnection(): AppStatus['activeConnection'] {
    if (activeId === null) return null;
    const bizId = inUse.get(activeId);
    const record = liveConnections().find((c) => c.connection.bizId === bizId);
    if (!record) return null;
    const c = record.connection;
    return { bizId: c.bizId, connectionName: c.connectionName, mode: c.mode, active: c.status === 1 };
  }

  function status(): AppStatus {
    const workspace = live().find((w) => w.id === activeId) ?? null;
    const connection = workspace ? activeConnection() : null;
    return {
      activeWorkspace: workspace,
      activeConnection: connection,
      mode: options.mode ?? (!sandbox && connection ? connection.mode : 'SANDBOX'),
      sandbox,
      sandboxUrl: sandbox && !sandboxError ? SANDBOX_URL : null,
      sandboxError: sandbox ? sandboxError : null,
      vault,
      operationRetentionDays: 90,
      dataDir: '/home/admin/.local/share/com.connectdesk.app',
      version: '0.1.0',
    };
  }

  function validName(raw: unknown, exceptId: number | null): string {
    const name = typeof raw === 'string' ? raw.trim() : '';
    if (name === '') fail('required', 'Enter a name for the workspace.', 'name');
    if (name.length > 80) fail('tooLong', 'A workspace name can be at most 80 characters long.', 'name');
    if (/[\u0000-\u001f]/.test(name)) fail('invalidCharacters', 'A workspace name cannot contain control characters.', 'name');
    const clash = live().find((w) => w.id !== exceptId && w.name.toLowerCase() === name.toLowerCase());
    if (clash) fail('conflict', `A workspace named “${clash.name}” already exists.`, 'name');
    return name;
  }

  function find(id: unknown): Workspace {
    const w = live().find((x) => x.id === id);
    if (!w) fail('notFound', 'The workspace was not found.');
    return w;
  }

  /** Secrets can be sealed only with the data key loaded. */
  function requireUnlocked() {
    if (vault.state === 'unavailable') fail('internalError', vault.reason);
    if (vault.state !== 'unlocked') fail('locked', 'Secrets are locked: enter the passphrase first.');
  }

  function findConnection(bizId: unknown): ConnectionRecord {
    const record = liveConnections().find((c) => c.connection.bizId === String(bizId ?? '').trim());
    if (!record) fail('notFound', 'This Stripe connection was not found (it may have been deleted).', 'bizId');
    return record;
  }

  function touch(record: ConnectionRecord) {
    record.connection.updatedAt = new Date().toISOString();
  }

  function hints(secrets: Secrets): Connection['hints'] {
    const h = (v: string | null) => (v === null ? null : secretHint(v));
    return {
      apiKey: h(secrets.apiKey),
      clientSecret: h(secrets.clientSecret),
      refreshToken: h(secrets.refreshToken),
      webhookSecret: h(secrets.webhookSecret),
    };
  }

  function createConnection(input: CreateConnection, at = new Date().toISOString()): Connection {
    const checks = new FieldChecks();
    const name = checks.check(() => connectionName(input.connectionName));
    const description = checks.check(() =>
      input.connectionDescription == null ? null : connectionDescription(input.connectionDescription),
    );
    const auth = input.auth as AuthInput;
    let mode: Mode = 'SANDBOX';
    let clientId: string | null = null;
    const secrets: Secrets = { apiKey: null, clientSecret: null, refreshToken: null, webhookSecret: null };
    if (auth.scheme === 'apiKey') {
      mode = checks.check(() => apiKeyMode(auth.apiKey));
      secrets.apiKey = auth.apiKey.trim();
    } else {
      clientId = checks.check(() => oauthValue('clientId', 'client id', auth.clientId));
      secrets.clientSecret = checks.check(() => oauthValue('clientSecret', 'client secret', auth.clientSecret));
      secrets.refreshToken = checks.check(() => oauthValue('refreshToken', 'refresh token', auth.refreshToken));
      mode = auth.mode;
    }
    const account = checks.check(() => optionalText(input.stripeAccountId, stripeAccountId));
    if (input.webhookSecret && input.webhookSecret.trim() !== '') {
      secrets.webhookSecret = checks.check(() => webhookSecret(input.webhookSecret as string));
    }
    const endpoint = checks.check(() => optionalText(input.partnerEndpoint, partnerEndpoint));
    const config = checks.check(() => (input.configJson == null ? null : configJson(input.configJson)));
    checks.check(() => {
      if (!live().some((w) => w.id === input.workspaceId)) fail('notFound', 'The workspace was not found.', 'workspaceId');
    });
    checks.finish();
    requireUnlocked();
    const connection: Connection = {
      id: nextConnectionId++,
      bizId: `sc_${(bizSeq++).toString(16).padStart(4, '0')}9e2c4b7d1a06`,
      tenantBizId: `tn_${String(input.workspaceId).padStart(6, '0')}`,
      workspaceId: input.workspaceId,
      connectionName: name,
      connectionDescription: description,
      stripeAccountId: account,
      authScheme: auth.scheme,
      mode,
      status: 1,
      statusName: 'ACTIVE',
      partnerEndpoint: endpoint,
      configJson: config,
      clientId,
      hints: hints(secrets),
      lastTest: null,
      createdAt: at,
      updatedAt: at,
    };
    connections.push({ connection, secrets, deletedAt: NOT_DELETED });
    return { ...connection };
  }

  function updateConnection(input: UpdateConnection): Connection {
    const record = findConnection(input.bizId);
    const next = { ...record.connection, hints: { ...record.connection.hints } };
    const secrets = { ...record.secrets };
    if (input.connectionName != null) next.connectionName = connectionName(input.connectionName);
    if (input.connectionDescription != null) next.connectionDescription = connectionDescription(input.connectionDescription);
    if (input.stripeAccountId != null) next.stripeAccountId = optionalText(input.stripeAccountId, stripeAccountId);
    if (input.partnerEndpoint != null) next.partnerEndpoint = optionalText(input.partnerEndpoint, partnerEndpoint);
    if (input.configJson != null) next.configJson = configJson(input.configJson);
    const wantsOauth = input.clientId != null || input.clientSecret != null || input.refreshToken != null;
    if (next.authScheme === 'apiKey' && wantsOauth) {
      fail('invalidValue', 'This connection uses an API key; OAuth2 fields do not apply.', 'authScheme');
    }
    if (next.authScheme === 'oauth2' && input.apiKey != null) fail('invalidValue', 'This connection uses OAuth2; it has no API key.', 'apiKey');
    if (input.clientId != null) next.clientId = oauthValue('clientId', 'client id', input.clientId);
    requireUnlocked();
    if (input.apiKey != null) {
      next.mode = apiKeyMode(input.apiKey);
      secrets.apiKey = input.apiKey.trim();
    }
    if (input.webhookSecret != null) {
      secrets.webhookSecret = input.webhookSecret.trim() === '' ? null : webhookSecret(input.webhookSecret);
    }
    if (input.clientSecret != null) secrets.clientSecret = oauthValue('clientSecret', 'client secret', input.clientSecret);
    if (input.refreshToken != null) secrets.refreshToken = oauthValue('refreshToken', 'refresh token', input.refreshToken);
    next.hints = hints(secrets);
    record.connection = next;
    record.secrets = secrets;
    touch(record);
    return { ...record.connection };
  }

  /** What `GET /v1/account` would answer, simulated: the key and account decide the outcome. */
  function probe(apiKey: string, mode: Mode, accountId: string | null): ConnectionTest {
    const target = sandbox ? 'the offline sandbox' : 'api.stripe.com';
    const base: ConnectionTest = { available: false, accountId, country: null, mode, reason: null, requestId: null, target };
    if (sandbox && sandboxError) {
      return { ...base, reason: 'Network error: the offline sandbox could not be reached. Check the connection and try again.' };
    }
    if (sandbox && mode === 'LIVE') {
      return {
        ...base,
        requestId: 'req_sim_7Hq2LmX0',
        reason:
          'Key for the wrong mode: this is a live key, but ConnectDesk is using the offline sandbox. Switch the sandbox off in Settings to use live keys.',
      };
    }
    if (/revoked|expired/i.test(apiKey)) {
      return {
        ...base,
        requestId: 'req_Z3xR8mQ2vN5kT1',
        reason: 'Invalid API key: Stripe did not accept it. Copy the secret key again from the Stripe Dashboard (Developers → API keys).',
      };
    }
    if (accountId && /missing/i.test(accountId)) {
      return {
        ...base,
        requestId: 'req_4bWn9PcE2sKd7Y',
        reason: `Account not reachable: ${accountId} does not exist or is not connected to this platform.`,
      };
    }
    const fallback = `acct_1${apiKey.replace(/^[a-z]+_[a-z]+_/, '').slice(0, 15)}`;
    return { ...base, available: true, accountId: accountId ?? fallback, country: accountId?.endsWith('DE') ? 'DE' : 'US' };
  }

  /** The refresh-token exchange, simulated: a token naming "revoked" is refused, a client secret
   *  that is not a secret key is rejected; otherwise the granted account is read. */
  function probeOAuth(clientSecret: string, refreshToken: string, mode: Mode, accountId: string | null): ConnectionTest {
    if (/revoked|invalid/i.test(refreshToken)) {
      return {
        available: false,
        accountId,
        country: null,
        mode,
        requestId: 'req_oauth_R3vK9x',
        target: sandbox ? 'the offline sandbox' : 'api.stripe.com',
        reason:
          'Refresh token not accepted: Stripe does not know it, or the account revoked this platform’s access. Connect the account through OAuth again to get a new refresh token.',
      };
    }
    if (!/^sk_(test|live)_/.test(clientSecret)) {
      return probe('sk_test_revoked', mode, accountId);
    }
    const granted = `acct_1${refreshToken.replace(/^rt_/, '').slice(0, 15)}`;
    return probe(clientSecret, mode, accountId ?? granted);
  }

  function testDraft(input: DraftConnectionTest): ConnectionTest {
    const account = optionalText(input.stripeAccountId, stripeAccountId);
    // Editing: a secret left empty is the stored one.
    const stored = input.bizId ? findConnection(input.bizId).secrets : null;
    const secret = (typed: string | null | undefined, kept: string | null | undefined) =>
      typed && typed.trim() !== '' ? typed : (kept ?? '');
    if (input.auth.scheme === 'oauth2') {
      oauthValue('clientId', 'client id', input.auth.clientId);
      const clientSecret = oauthValue('clientSecret', 'client secret', secret(input.auth.clientSecret, stored?.clientSecret));
      const refreshToken = oauthValue('refreshToken', 'refresh token', secret(input.auth.refreshToken, stored?.refreshToken));
      return probeOAuth(clientSecret, refreshToken, input.auth.mode, account);
    }
    const apiKey = secret(input.auth.apiKey, stored?.apiKey);
    const mode = apiKeyMode(apiKey);
    return probe(apiKey.trim(), mode, account);
  }

  function testSaved(bizId: unknown): ConnectionTest {
    const record = findConnection(bizId);
    requireUnlocked();
    const { apiKey, clientSecret, refreshToken } = record.secrets;
    const { mode, stripeAccountId: account } = record.connection;
    if (apiKey !== null) return probe(apiKey, mode, account);
    return probeOAuth(clientSecret ?? '', refreshToken ?? '', mode, account);
  }

  function unlock(raw: unknown): VaultState {
    const typed = typeof raw === 'string' ? raw : '';
    if (vault.state === 'unavailable') fail('internalError', vault.reason);
    if (vault.state === 'noSecretStore') {
      if ([...typed].length < 8) fail('invalidValue', 'The passphrase is too short: use at least 8 characters.', 'passphrase');
      passphrase = typed;
      vault = { state: 'unlocked', scheme: 'passphrase' };
    } else if (vault.state === 'needsPassphrase') {
      if (typed !== passphrase) fail('invalidValue', 'Wrong passphrase.', 'passphrase');
      vault = { state: 'unlocked', scheme: 'passphrase' };
    }
    return vault;
  }

  // Seed connections, oldest first, with stable timestamps.
  (options.connections ?? []).forEach((seed, i) => {
    const workspace = workspaces[seed.workspace];
    if (!workspace) return;
    const at = new Date(base + 86_400_000 * 20 + i * 86_400_000 * 2 + i * 7_200_000).toISOString();
    const created = createConnection(
      {
        workspaceId: workspace.id,
        connectionName: seed.name,
        connectionDescription: seed.description ?? null,
        stripeAccountId: seed.stripeAccountId ?? null,
        auth: seed.oauth2 ? { scheme: 'oauth2', ...seed.oauth2 } : { scheme: 'apiKey', apiKey: seed.apiKey ?? '' },
        webhookSecret: seed.webhookSecret ?? null,
        partnerEndpoint: seed.partnerEndpoint ?? null,
        configJson: seed.configJson ?? null,
      },
      at,
    );
    const record = findConnection(created.bizId);
    if (seed.inactive) {
      record.connection.status = 0;
      record.connection.statusName = 'INACTIVE';
    }
    if (seed.inUse) inUse.set(workspace.id, created.bizId);
  });
  if (options.vault) vault = options.vault;

  // Onboarding: just enough to drive the section (no Stripe, no status changes).
  const onboarding: OnboardingEntry[] = [];
  let nextOnboardingId = 1;
  const findOnboarding = (id: unknown): OnboardingEntry => {
    const e = onboarding.find((o) => String(o.id) === String(id) && o.deletedAt === NOT_DELETED);
    if (!e) fail('notFound', `There is no onboarding entry ${String(id)}.`);
    return e;
  };
  let linksIssued = 0;
  /** A new Account Link; its expiry is recorded on the entry, as the core does. */
  const onboardingLink = (e: OnboardingEntry) => {
    const expiresAt = new Date(Date.now() + (options.linkLifetimeMs ?? 300_000)).toISOString();
    e.linkExpiresAt = expiresAt;
    linksIssued += 1;
    return {
      entryId: e.id,
      accountId: e.accountId,
      url: `https://connect.stripe.com/setup/e/${e.accountId}/mock${linksIssued}`,
      expiresAt,
      linkType: 'account_onboarding' as const,
    };
  };
  /** A new link only when the last one expired and the merchant still has steps (status 0 or 1). */
  function renewExpiredLink(id: unknown) {
    const e = findOnboarding(id);
    const valid = e.linkExpiresAt !== null && Date.parse(e.linkExpiresAt) > Date.now();
    return valid || e.status > 1 ? null : onboardingLink(e);
  }
  function checkOnboardingForm(input: CreateOnboarding) {
    const checks = new FieldChecks();
    checks.check(() => {
      if (!['standard', 'express', 'custom'].includes(input.accountType)) {
        fail('invalidValue', 'The account type is standard, express or custom.', 'accountType');
      }
    });
    checks.check(() => input.merchantId?.trim() || fail('required', 'Enter the merchant ID.', 'merchantId'));
    checks.check(() => {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email ?? '')) fail('invalidValue', 'Enter a valid email address.', 'email');
    });
    checks.check(() => {
      if (!/^[A-Z]{2}$/.test(input.country ?? '')) fail('invalidValue', 'The country is two letters, e.g. US.', 'country');
    });
    const mcc = input.businessProfile?.mcc;
    checks.check(() => {
      if (mcc && !/^\d{4}$/.test(mcc)) fail('invalidValue', 'An MCC is four digits, e.g. 5812.', 'businessProfile.mcc');
    });
    checks.finish();
  }
  function createOnboarding(input: CreateOnboarding) {
    checkOnboardingForm(input);
    const at = new Date().toISOString();
    const id = nextOnboardingId++;
    const e: OnboardingEntry = {
      id, workspaceId: input.workspaceId, merchantId: input.merchantId.trim(),
      accountId: `acct_mock${String(id).padStart(8, '0')}`, accountType: input.accountType as OnboardingEntry['accountType'],
      status: 0, statusName: 'MissingData', mode: 0, offline: true, email: input.email, country: input.country,
      tosAccepted: false, detailsSubmitted: false, chargesEnabled: false, payoutsEnabled: false,
      capabilities: { card_payments: 'inactive', transfers: 'inactive' }, paymentMethods: [],
      businessType: input.businessType ?? '', returnUrl: null, refreshUrl: null, linkExpiresAt: null,
      createdAt: at, updatedAt: at, deletedAt: NOT_DELETED,
      rawResponse: { id: `acct_mock${id}`, requirements: { currently_due: ['external_account', 'tos_acceptance.date'], past_due: [], disabled_reason: 'requirements.past_due' } },
    };
    onboarding.push(e);
    return onboardingLink(e);
  }
  for (const seed of options.onboarding ?? []) {
    const w = workspaces[seed.workspace];
    if (!w) continue;
    createOnboarding({ workspaceId: w.id, merchantId: seed.merchantId, accountType: seed.accountType ?? 'express', country: 'US', email: seed.email });
  }

  function handle(cmd: string, args: Record<string, unknown> | undefined): unknown {
    const a = args ?? {};
    switch (cmd) {
      case 'list_onboarding':
        return listRows(
          onboarding.filter((o) => o.deletedAt === NOT_DELETED).map((o) => ({ ...o })),
          a.query as ListQuery,
          'Onboarding',
          ['id', 'status', 'email', 'createdAt', 'updatedAt'],
          ['id', 'status', 'mode', 'workspaceId', 'accountId', 'merchantId', 'email', 'createdAt', 'updatedAt'],
        );
      case 'get_onboarding':
        return { ...findOnboarding(a.id) };
      case 'get_onboarding_choices':
        return {
          countries: [
            { code: 'DE', name: 'Germany', accountTypes: ['standard', 'express', 'custom'] },
            { code: 'GB', name: 'United Kingdom', accountTypes: ['standard', 'express', 'custom'] },
            { code: 'US', name: 'United States', accountTypes: ['standard', 'express', 'custom'] },
          ],
          businessTypes: [
            { value: 'individual', label: 'Individual' },
            { value: 'company', label: 'Company' },
            { value: 'non_profit', label: 'Non-profit' },
            { value: 'government_entity', label: 'Government entity' },
          ],
        };
      case 'check_onboarding_form':
        checkOnboardingForm(a.input as CreateOnboarding);
        return null;
      case 'create_onboarding':
        return createOnboarding(a.input as CreateOnboarding);
      case 'act_on_onboarding': {
        const e = findOnboarding(a.id);
        if (a.action === 'finish') return { type: 'finish', result: { ...e } };
        if (a.action === 'refresh') return { type: 'refresh', result: onboardingLink(e) };
        if (a.action === 'dashboard') {
          if (e.accountType === 'express' && !e.detailsSubmitted) {
            const reason = "The Express dashboard opens once the merchant has finished Stripe's onboarding. Send them a new onboarding link with Refresh.";
            return { type: 'dashboard', result: { entryId: e.id, accountId: e.accountId, kind: 'none', url: null, reason } };
          }
          return e.accountType === 'custom'
            ? { type: 'dashboard', result: { entryId: e.id, accountId: e.accountId, kind: 'none', url: null, reason: 'Custom accounts have no Stripe dashboard.' } }
            : { type: 'dashboard', result: { entryId: e.id, accountId: e.accountId, kind: 'platformDashboard', url: `https://dashboard.stripe.com/connect/accounts/${e.accountId}`, reason: null } };
        }
        return fail('invalidValue', `“${String(a.action)}” is not an onboarding action.`, 'type');
      }
      case 'renew_expired_onboarding_link':
        return renewExpiredLink(a.id);
      case 'sync_onboarding':
        return { adopted: [], synced: onboarding.length, failed: [] };
      case 'delete_onboarding':
        findOnboarding(a.id).deletedAt = new Date().toISOString();
        return null;
      case 'open_external_link':
        if (!/^https:\/\/([a-z]+\.)?stripe\.com\//.test(String(a.url))) fail('invalidValue', 'Only Stripe links open.', 'url');
        return null;
      case 'get_app_status':
        return status();
      case 'list_workspaces':
        return listRows(live(), a.query as ListQuery, 'Workspaces', WORKSPACE_FIELDS, WORKSPACE_FIELDS);
      case 'create_workspace': {
        const name = validName((a.input as { name?: unknown })?.name, null);
        const at = new Date().toISOString();
        const w: Workspace = { id: nextId++, name, createdAt: at, updatedAt: at, deletedAt: NOT_DELETED };
        workspaces.push(w);
        return w;
      }
      case 'rename_workspace': {
        const input = a.input as { id: number; name: unknown };
        const w = find(input.id);
        w.name = validName(input.name, w.id);
        w.updatedAt = new Date().toISOString();
        return { ...w };
      }
      case 'preview_workspace_delete': {
        const w = find(a.id);
        return {
          workspace: { ...w },
          connections: liveConnections().filter((c) => c.connection.workspaceId === w.id).length,
          onboardingEntries: onboarding.filter((o) => o.workspaceId === w.id && o.deletedAt === NOT_DELETED).length,
        };
      }
      case 'delete_workspace': {
        // As the core: its connections (secrets erased) and onboarding entries go with it.
        const w = find(a.id);
        const at = new Date().toISOString();
        w.deletedAt = at;
        for (const c of liveConnections().filter((c) => c.connection.workspaceId === w.id)) {
          c.deletedAt = at;
          c.secrets = { apiKey: null, clientSecret: null, refreshToken: null, webhookSecret: null };
        }
        for (const o of onboarding.filter((o) => o.workspaceId === w.id && o.deletedAt === NOT_DELETED)) o.deletedAt = at;
        inUse.delete(w.id);
        if (activeId === w.id) activeId = null;
        return null;
      }
      case 'set_active_workspace': {
        activeId = a.id === null ? null : find(a.id).id;
        return status();
      }
      case 'list_connections':
        return listRows(
          liveConnections().map((c) => ({ ...c.connection })),
          a.query as ListQuery,
          'Connections',
          CONNECTION_SORTABLE,
          CONNECTION_FILTERABLE,
        );
      case 'get_connection':
        return { ...findConnection(a.bizId).connection };
      case 'create_connection': {
        const created = createConnection(a.input as CreateConnection);
        // As the core does: a workspace's first connection becomes the one in use.
        const current = inUse.get(created.workspaceId);
        if (!current || !liveConnections().some((c) => c.connection.bizId === current)) {
          inUse.set(created.workspaceId, created.bizId);
        }
        return created;
      }
      case 'update_connection':
        return updateConnection(a.input as UpdateConnection);
      case 'set_connection_active': {
        const record = findConnection(a.bizId);
        record.connection.status = a.active ? 1 : 0;
        record.connection.statusName = a.active ? 'ACTIVE' : 'INACTIVE';
        touch(record);
        return { ...record.connection };
      }
      case 'delete_connection': {
        const record = findConnection(a.bizId);
        record.deletedAt = new Date().toISOString();
        record.secrets = { apiKey: null, clientSecret: null, refreshToken: null, webhookSecret: null };
        return null;
      }
      case 'export_connections': {
        const workspace = workspaces.find((w) => w.id === a.workspaceId && w.deletedAt === NOT_DELETED);
        if (!workspace) fail('notFound', 'This workspace was not found (it may have been deleted).', 'workspaceId');
        const count = connections.filter((c) => c.connection.workspaceId === a.workspaceId && c.deletedAt === NOT_DELETED).length;
        return { path: `/home/you/Downloads/connectdesk-connections-${workspace.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.json`, connectionCount: count };
      }
      case 'test_connection':
        return testSaved(a.bizId);
      case 'test_draft_connection':
        return testDraft(a.input as DraftConnectionTest);
      case 'get_sandbox_account':
        return sandbox ? { accountId: 'acct_1SandboxPlatform0', country: 'US' } : null;
      case 'set_active_connection': {
        const workspace = find(a.workspaceId);
        if (a.bizId === null || a.bizId === undefined) {
          inUse.delete(workspace.id);
        } else {
          const record = findConnection(a.bizId);
          if (record.connection.workspaceId !== workspace.id) {
            fail('invalidValue', 'This connection belongs to another workspace.', 'bizId');
          }
          inUse.set(workspace.id, record.connection.bizId);
        }
        return status();
      }
      case 'set_sandbox_enabled': {
        if (!a.enabled && liveConnections().length === 0) {
          fail('invalidValue', 'Add a Stripe connection with your own API key before switching the offline sandbox off.', 'sandbox');
        }
        sandbox = Boolean(a.enabled);
        if (!sandbox) sandboxError = null;
        return status();
      }
      case 'unlock_secrets':
        return unlock((a.input as { passphrase?: unknown })?.passphrase);
      default:
        throw `command ${cmd} not found`;
    }
  }

  return {
    handle: async (cmd: string, args?: Record<string, unknown>) => {
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      return handle(cmd, args);
    },
    workspaces,
    /** The stored connections with their secrets, for tests to look behind the UI. */
    connections,
  };
}

export type MockCore = ReturnType<typeof createMockCore>;

export const SAMPLE_WORKSPACES = [
  'Acme Marketplace',
  'Northwind Rentals',
  'Globex Tutors',
  'Initech Freelance',
  'Umbrella Clinics',
  'Hooli Creators',
];

/** Four connections for "Acme Marketplace" (one in use, one OAuth2, one inactive) and one for Northwind. */
export const SAMPLE_CONNECTIONS: ConnectionSeed[] = [
  {
    workspace: 0,
    name: 'Acme test platform',
    description: 'The platform account in test mode, for rehearsing payouts.',
    apiKey: 'sk_test_51Nv0FGQ9RKHgCVdKxT7mQ2pLs8Yw4242',
    stripeAccountId: 'acct_1Nv0FGQ9RKHgCVdK',
    webhookSecret: 'whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH',
    inUse: true,
  },
  {
    workspace: 0,
    name: 'Acme production',
    apiKey: 'sk_live_51Nv0FGQ9RKHgCVdKaP3nV8rT2mX69Xq2',
    stripeAccountId: 'acct_1Nv0FGQ9RKHgLive',
    partnerEndpoint: 'https://hooks.acme.example/stripe',
  },
  {
    workspace: 0,
    name: 'Acme partner (OAuth)',
    description: 'Read access granted by the partner platform.',
    oauth2: {
      clientId: 'ca_PqR7sT2uV9wX4yZ1aB3cD5eF',
      clientSecret: 'sk_test_9fK2mP7qR4tV8wX1yZ3aB6cZk',
      refreshToken: 'rt_7JkL2mN4pQ6rS8tU0vW2xY4zA6bC8dE',
      mode: 'SANDBOX',
    },
    configJson: '{\n  "payoutSchedule": "weekly",\n  "statementDescriptor": "ACME"\n}',
  },
  {
    workspace: 0,
    name: 'Old restricted key',
    apiKey: 'rk_test_51Nv0FGQ9RKHgCVdKoLdR3stR1cT0c1d',
    inactive: true,
  },
  {
    workspace: 1,
    name: 'Northwind test',
    apiKey: 'sk_test_51Kx2Hj8NorthwindTestKey00aa77',
  },
];

/** Installs the mock as the window's IPC (dev:mock only). */
export function installMockBackend(): void {
  const params = new URLSearchParams(window.location.search);
  const many = Array.from({ length: 60 }, (_, i) => `${SAMPLE_WORKSPACES[i % SAMPLE_WORKSPACES.length]} ${Math.floor(i / 6) + 1}`);
  const empty = params.has('empty');
  const liveMode = params.has('live');
  const connections = empty || params.has('noconnections')
    ? []
    : SAMPLE_CONNECTIONS.map((c) => ({ ...c, inUse: liveMode ? c.name === 'Acme production' : c.inUse }));
  const vault: VaultState | undefined = params.has('nostore')
    ? {
        state: 'noSecretStore',
        store: 'Secret Service',
        reason: 'the Secret Service is not running on this desktop (org.freedesktop.secrets was not provided by any .service files)',
      }
    : params.has('locked')
      ? { state: 'needsPassphrase' }
      : undefined;
  const core = createMockCore({
    workspaces: empty ? [] : params.has('many') ? many : SAMPLE_WORKSPACES,
    activeIndex: empty ? null : 0,
    connections,
    sandbox: !liveMode,
    sandboxError: params.has('sandboxerror') ? 'The offline sandbox could not start: address 127.0.0.1:47913 is already in use.' : null,
    vault,
    latencyMs: 120,
  });
  mockIPC((cmd, args) => core.handle(cmd, args as Record<string, unknown>));
}
