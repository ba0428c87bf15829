// The one place in the UI that talks to the Rust core.
//
// Every command goes through `call`, which unwraps tauri-specta's `{ status, data | error }` result
// and turns every failure into a `UserError` with the core's `{ code, message, field, fieldErrors }`. Components
// never import `@tauri-apps/api` or `bindings.ts`'s `commands` themselves: they use `backend` below.

import { listen } from '@tauri-apps/api/event';
import { APP_STATUS_EVENT, commands, PROGRESS_EVENT, RECORDS_EVENT } from '../bindings';
import type {
  RecordsChanged,
  AccountLoginLink,
  AccountSyncReport,
  ActOutcome,
  AppStatus,
  AuditRecord,
  Balance,
  Connection,
  ConnectedAccount,
  ConnectionTest,
  CoreError,
  ErrorCode,
  ExportedFile,
  FeeQuote,
  FeeSchedule,
  FieldError,
  Grant,
  OnboardingAction,
  OnboardingChoices,
  OnboardingEntry,
  OnboardingLink,
  OpenCounts,
  Operation,
  Payment,
  CreatedPayment,
  Dispute,
  DisputeChoices,
  DisputeNotice,
  DisputeSync,
  EventDetail,
  EventRow,
  IssuedForwardingSecret,
  RefusedDelivery,
  EvidenceFile,
  RefundLimit,
  Payout,
  PayoutChoices,
  PayoutScheduleView,
  PayoutSync,
  BalanceHistory,
  SandboxClock,
  RefundOutcome,
  ReversalOutcome,
  TestCard,
  Operator,
  Page,
  ProgressUpdate,
  RoleTable,
  SandboxAccount,
  SyncReport,
  Transfer,
  TransferSync,
  Verification,
  VaultState,
  Workspace,
  WorkspaceDeletePreview,
} from '../bindings';

/** An error the UI can show: the core's stable code, a readable message and the field it concerns. */
export class UserError extends Error {
  override readonly name = 'UserError';
  readonly code: ErrorCode;
  /** The input field or query parameter (`name`, `size`, `sort`, ...) the error concerns, if any. */
  readonly field: string | null;
  /** Every field with a problem when a whole form was checked; else just `field`'s, if any. */
  readonly fieldErrors: readonly FieldError[];

  constructor(
    code: ErrorCode,
    message: string,
    field: string | null = null,
    options?: { cause?: unknown; fieldErrors?: readonly FieldError[] },
  ) {
    super(message, options);
    this.code = code;
    this.field = field;
    const given = options?.fieldErrors ?? [];
    this.fieldErrors = given.length > 0 ? given : field ? [{ field, code, message }] : [];
  }

  /** True when the error belongs next to the given input field rather than in a toast. */
  isAbout(field: string): boolean {
    return this.field === field;
  }

  static fromCoreError(error: CoreError): UserError {
    return new UserError(error.code, error.message, error.field ?? null, { fieldErrors: error.fieldErrors ?? [] });
  }

  static internal(message: string, cause?: unknown): UserError {
    return new UserError('internalError', message, null, { cause });
  }
}

export const BACKEND_UNAVAILABLE_MESSAGE =
  'Backend not available: this window is not connected to the ConnectDesk core, so nothing can be loaded or saved.';

/** Whether the Tauri IPC bridge (or a test mock of it) is present in this window. */
export function backendAvailable(): boolean {
  if (typeof window === 'undefined') return false;
  const internals = (window as unknown as { __TAURI_INTERNALS__?: { invoke?: unknown } }).__TAURI_INTERNALS__;
  return typeof internals?.invoke === 'function';
}

function isCoreError(value: unknown): value is CoreError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === 'string' &&
    v.code.length > 0 &&
    typeof v.message === 'string' &&
    (v.field === undefined || v.field === null || typeof v.field === 'string') &&
    (v.fieldErrors === undefined || (Array.isArray(v.fieldErrors) && v.fieldErrors.every(isFieldError)))
  );
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.field === 'string' && typeof v.code === 'string' && typeof v.message === 'string';
}

/**
 * Shapes anything a command can fail with into a `UserError`:
 * - a `CoreError` from the core keeps its code, message and field;
 * - anything else (a JS exception, the string Tauri rejects with when a command is missing or its
 *   arguments don't deserialize, a malformed value) becomes an `internalError`.
 */
export function toUserError(error: unknown): UserError {
  if (error instanceof UserError) return error;
  if (isCoreError(error)) return UserError.fromCoreError(error);
  if (error instanceof Error) {
    return UserError.internal(`Something went wrong inside ConnectDesk: ${error.message}`, error);
  }
  if (typeof error === 'string' && error.trim() !== '') {
    return UserError.internal(`Something went wrong inside ConnectDesk: ${error}`, error);
  }
  return UserError.internal('Something went wrong inside ConnectDesk, and it gave no reason.', error);
}

/** What every generated command returns (tauri-specta's result mode). */
type CommandOutcome<T> = { status: 'ok'; data: T } | { status: 'error'; error: unknown };

/** Runs a generated command and returns its data, or throws a `UserError`. */
export async function call<T>(command: () => Promise<CommandOutcome<T>>): Promise<T> {
  if (!backendAvailable()) {
    throw UserError.internal(BACKEND_UNAVAILABLE_MESSAGE);
  }
  let outcome: CommandOutcome<T>;
  try {
    outcome = await command();
  } catch (error) {
    throw toUserError(error);
  }
  if (outcome.status === 'ok') return outcome.data;
  throw toUserError(outcome.error);
}

// Argument types are taken from the generated commands, so they follow bindings.ts exactly.
type ArgOf<K extends keyof typeof commands> = Parameters<(typeof commands)[K]>[0];
export type WorkspaceListQuery = ArgOf<'listWorkspaces'>;
export type ConnectionListQuery = ArgOf<'listConnections'>;
export type OnboardingListQuery = ArgOf<'listOnboarding'>;
export type OperationListQuery = ArgOf<'listOperations'>;
export type OperatorListQuery = ArgOf<'listOperators'>;
export type AuditListQuery = ArgOf<'listAudit'>;
export type PaymentListQuery = ArgOf<'listPayments'>;
export type AccountListQuery = ArgOf<'listAccounts'>;
export type TransferListQuery = ArgOf<'listTransfers'>;
export type PayoutListQuery = ArgOf<'listPayouts'>;
export type DisputeListQuery = ArgOf<'listDisputes'>;
/** The query of one connection's events or refused deliveries (the connection is passed beside it). */
export type EventListQuery = Parameters<(typeof commands)['listEvents']>[1];
export type RefusalListQuery = Parameters<(typeof commands)['listRefusedWebhooks']>[1];
/** What `actOnOnboarding` can do to an entry (generated from the core's enum). */
export type { OnboardingAction } from '../bindings';

/** The backend as the UI sees it: typed data in, typed data out, `UserError` on failure. */
export const backend = {
  getAppStatus: (): Promise<AppStatus> => call(() => commands.getAppStatus()),
  setSandboxEnabled: (enabled: boolean): Promise<AppStatus> => call(() => commands.setSandboxEnabled(enabled)),
  setOperationRetentionDays: (days: string): Promise<AppStatus> => call(() => commands.setOperationRetentionDays(days)),
  setWebhookPort: (port: string): Promise<AppStatus> => call(() => commands.setWebhookPort(port)),
  unlockSecrets: (input: ArgOf<'unlockSecrets'>): Promise<VaultState> => call(() => commands.unlockSecrets(input)),

  listWorkspaces: (query: WorkspaceListQuery): Promise<Page<Workspace>> =>
    call(() => commands.listWorkspaces(query)),
  createWorkspace: (input: ArgOf<'createWorkspace'>): Promise<Workspace> =>
    call(() => commands.createWorkspace(input)),
  renameWorkspace: (input: ArgOf<'renameWorkspace'>): Promise<Workspace> =>
    call(() => commands.renameWorkspace(input)),
  previewWorkspaceDelete: (id: number): Promise<WorkspaceDeletePreview> =>
    call(() => commands.previewWorkspaceDelete(id)),
  deleteWorkspace: (id: number): Promise<null> => call(() => commands.deleteWorkspace(id)),
  setActiveWorkspace: (id: number | null): Promise<AppStatus> => call(() => commands.setActiveWorkspace(id)),

  listConnections: (query: ConnectionListQuery): Promise<Page<Connection>> =>
    call(() => commands.listConnections(query)),
  getConnection: (bizId: string): Promise<Connection> => call(() => commands.getConnection(bizId)),
  createConnection: (input: ArgOf<'createConnection'>): Promise<Connection> =>
    call(() => commands.createConnection(input)),
  updateConnection: (input: ArgOf<'updateConnection'>): Promise<Connection> =>
    call(() => commands.updateConnection(input)),
  setConnectionActive: (bizId: string, active: boolean): Promise<Connection> =>
    call(() => commands.setConnectionActive(bizId, active)),
  deleteConnection: (bizId: string): Promise<null> => call(() => commands.deleteConnection(bizId)),
  testConnection: (bizId: string): Promise<ConnectionTest> => call(() => commands.testConnection(bizId)),
  testDraftConnection: (input: ArgOf<'testDraftConnection'>): Promise<ConnectionTest> =>
    call(() => commands.testDraftConnection(input)),
  /** The offline sandbox's platform account; `null` while the sandbox is off. */
  getSandboxAccount: (): Promise<SandboxAccount | null> => call(() => commands.getSandboxAccount()),
  setActiveConnection: (workspaceId: number, bizId: string | null): Promise<AppStatus> =>
    call(() => commands.setActiveConnection(workspaceId, bizId)),
  /** Writes the workspace's connections (hints only) to a new file in Downloads. */
  exportConnections: (workspaceId: number): Promise<ExportedFile> => call(() => commands.exportConnections(workspaceId)),

  listOnboarding: (query: OnboardingListQuery): Promise<Page<OnboardingEntry>> =>
    call(() => commands.listOnboarding(query)),
  getOnboarding: (id: string): Promise<OnboardingEntry> => call(() => commands.getOnboarding(id)),
  /** The create form's choices: countries per account type, business types. */
  getOnboardingChoices: (): Promise<OnboardingChoices> => call(() => commands.getOnboardingChoices()),
  checkOnboardingForm: (input: ArgOf<'checkOnboardingForm'>): Promise<null> =>
    call(() => commands.checkOnboardingForm(input)),
  createOnboarding: (input: ArgOf<'createOnboarding'>): Promise<OnboardingLink> =>
    call(() => commands.createOnboarding(input)),
  actOnOnboarding: (action: OnboardingAction, id: string): Promise<ActOutcome> =>
    call(() => commands.actOnOnboarding(action, id)),
  /** On return from Stripe: a new link if the entry's link expired and the merchant is not done. */
  renewExpiredOnboardingLink: (id: string): Promise<OnboardingLink | null> =>
    call(() => commands.renewExpiredOnboardingLink(id)),
  syncOnboarding: (workspaceId: number): Promise<SyncReport> => call(() => commands.syncOnboarding(workspaceId)),
  deleteOnboarding: (id: string): Promise<null> => call(() => commands.deleteOnboarding(id)),

  /** Payments the operator may see (narrowed by the core to their workspaces and merchants). */
  listPayments: (query: PaymentListQuery): Promise<Page<Payment>> => call(() => commands.listPayments(query)),
  getPayment: (id: number): Promise<Payment> => call(() => commands.getPayment(id)),
  /** Creates the payment; the answer's client secret is shown once and never stored or logged. */
  createPayment: (input: ArgOf<'createPayment'>): Promise<CreatedPayment> => call(() => commands.createPayment(input)),
  /** "Pay with a test card" (the offline sandbox and test mode only). */
  confirmTestPayment: (id: number, card: TestCard): Promise<Payment> => call(() => commands.confirmTestPayment(id, card)),
  capturePayment: (input: ArgOf<'capturePayment'>): Promise<Payment> => call(() => commands.capturePayment(input)),
  cancelPayment: (id: number): Promise<Payment> => call(() => commands.cancelPayment(id)),
  refundPayment: (input: ArgOf<'refundPayment'>): Promise<RefundOutcome> => call(() => commands.refundPayment(input)),
  /** Reads the platform's destination charges from Stripe; answers how many were synced. */
  syncPayments: (workspaceId: number): Promise<number> => call(() => commands.syncPayments(workspaceId)),
  /** Saves every payment of the query's filter as a new CSV file in Downloads. */
  exportPayments: (query: PaymentListQuery): Promise<ExportedFile> => call(() => commands.exportPayments(query)),
  /** What Support may refund per payment in the workspace, per currency. */
  listRefundLimits: (workspaceId: number): Promise<RefundLimit[]> => call(() => commands.listRefundLimits(workspaceId)),
  setRefundLimit: (input: ArgOf<'setRefundLimit'>): Promise<RefundLimit[]> => call(() => commands.setRefundLimit(input)),

  /** Connected accounts the operator may see (narrowed by the core to their workspaces and merchants). */
  listAccounts: (query: AccountListQuery): Promise<Page<ConnectedAccount>> => call(() => commands.listAccounts(query)),
  getAccount: (id: number): Promise<ConnectedAccount> => call(() => commands.getAccount(id)),
  /** Reads every connected account from Stripe; progress arrives through `onProgress` named `task`. */
  syncAccounts: (workspaceId: number, task: string): Promise<AccountSyncReport> =>
    call(() => commands.syncAccounts(workspaceId, task)),
  /** Saves every account of the filter (all pages) as a new CSV file in Downloads. */
  exportAccounts: (query: AccountListQuery): Promise<ExportedFile> => call(() => commands.exportAccounts(query)),
  /** A single-use login link into an Express account's dashboard. */
  accountLoginLink: (id: number): Promise<AccountLoginLink> => call(() => commands.accountLoginLink(id)),
  /** Asks a running task to stop at its next step; false when it is not running. */
  cancelTask: (task: string): Promise<boolean> => call(() => commands.cancelTask(task)),

  /** Transfers the operator may see (narrowed by the core to their workspaces and merchants). */
  listTransfers: (query: TransferListQuery): Promise<Page<Transfer>> => call(() => commands.listTransfers(query)),
  getTransfer: (id: number): Promise<Transfer> => call(() => commands.getTransfer(id)),
  /** Refused (`insufficientBalance` on `amount`) when the platform's available balance cannot cover it. */
  createTransfer: (input: ArgOf<'createTransfer'>): Promise<Transfer> => call(() => commands.createTransfer(input)),
  reverseTransfer: (input: ArgOf<'reverseTransfer'>): Promise<ReversalOutcome> => call(() => commands.reverseTransfer(input)),
  /** Reads the platform's transfers from Stripe; answers how many and whether it was cancelled. */
  syncTransfers: (workspaceId: number, task: string): Promise<TransferSync> =>
    call(() => commands.syncTransfers(workspaceId, task)),
  /** Saves every transfer of the filter (all pages) as a new CSV file in Downloads. */
  exportTransfers: (query: TransferListQuery): Promise<ExportedFile> => call(() => commands.exportTransfers(query)),

  /** The platform's balance (`accountId` null) or a connected account's, read from Stripe now. */
  getBalance: (workspaceId: number, accountId: string | null): Promise<Balance> =>
    call(() => commands.getBalance(workspaceId, accountId)),

  /** Payouts the operator may see (narrowed by the core to their workspaces and merchants). */
  listPayouts: (query: PayoutListQuery): Promise<Page<Payout>> => call(() => commands.listPayouts(query)),
  getPayout: (id: number): Promise<Payout> => call(() => commands.getPayout(id)),
  /** Statuses, intervals and weekdays in the core's words. */
  getPayoutChoices: (): Promise<PayoutChoices> => call(() => commands.getPayoutChoices()),
  /** A manual payout from the account's available balance (accounts on a manual schedule). */
  createPayout: (input: ArgOf<'createPayout'>): Promise<Payout> => call(() => commands.createPayout(input)),
  cancelPayout: (id: number): Promise<Payout> => call(() => commands.cancelPayout(id)),
  /** Reads payouts from Stripe (one account, or all of the workspace's) as the task `task`. */
  syncPayouts: (input: ArgOf<'syncPayouts'>, task: string): Promise<PayoutSync> =>
    call(() => commands.syncPayouts(input, task)),
  getPayoutSchedule: (account: ArgOf<'getPayoutSchedule'>): Promise<PayoutScheduleView> =>
    call(() => commands.getPayoutSchedule(account)),
  updatePayoutSchedule: (input: ArgOf<'updatePayoutSchedule'>): Promise<PayoutScheduleView> =>
    call(() => commands.updatePayoutSchedule(input)),
  /** The platform's (no account) or an account's balance per day, and payouts per day. */
  getBalanceHistory: (query: ArgOf<'getBalanceHistory'>): Promise<BalanceHistory> =>
    call(() => commands.getBalanceHistory(query)),
  /** The offline sandbox's clock; null while the sandbox is off. */
  getSandboxClock: (): Promise<SandboxClock | null> => call(() => commands.getSandboxClock()),
  /** Moves the sandbox's clock forward (Admins): payouts are sent and arrive as time passes. */
  advanceSandboxClock: (hours: number): Promise<SandboxClock> => call(() => commands.advanceSandboxClock(hours)),

  /** Disputes the operator may see, each with its countdown from the core's clock. */
  listDisputes: (query: DisputeListQuery): Promise<Page<Dispute>> => call(() => commands.listDisputes(query)),
  exportDisputes: (query: DisputeListQuery): Promise<ExportedFile> => call(() => commands.exportDisputes(query)),
  getDisputeChoices: (): Promise<DisputeChoices> => call(() => commands.getDisputeChoices()),
  /** The dispute read fresh from Stripe. */
  openDispute: (id: number): Promise<Dispute> => call(() => commands.openDispute(id)),
  /** Evidence as a draft (`submit` false) or submitted to the bank (irreversible). */
  saveDisputeEvidence: (input: ArgOf<'saveDisputeEvidence'>): Promise<Dispute> =>
    call(() => commands.saveDisputeEvidence(input)),
  /** The system file dialog, then the checked upload; null when no file was chosen. */
  chooseDisputeFile: (id: number, field: string): Promise<EvidenceFile | null> =>
    call(() => commands.chooseDisputeFile(id, field)),
  acceptDispute: (id: number): Promise<Dispute> => call(() => commands.acceptDispute(id)),
  syncDisputes: (workspaceId: number, task: string): Promise<DisputeSync> =>
    call(() => commands.syncDisputes(workspaceId, task)),
  disputeNotices: (workspaceId: number): Promise<DisputeNotice[]> => call(() => commands.disputeNotices(workspaceId)),

  /** The new webhook secret becomes current; the old one is accepted until the end of `keepPreviousUntil` (UTC). */
  rotateWebhookSecret: (input: ArgOf<'rotateWebhookSecret'>): Promise<Connection> =>
    call(() => commands.rotateWebhookSecret(input)),
  /** A new forwarding secret for the partner endpoint: shown this once, then only its hint. */
  issueForwardingSecret: (bizId: string): Promise<IssuedForwardingSecret> =>
    call(() => commands.issueForwardingSecret(bizId)),

  /** Connection `connectionId`'s events (0: the offline sandbox's), each with its outcome and forward. */
  listEvents: (connectionId: number, query: EventListQuery): Promise<Page<EventRow>> =>
    call(() => commands.listEvents(connectionId, query)),
  openEvent: (id: number): Promise<EventDetail> => call(() => commands.openEvent(id)),
  listRefusedWebhooks: (connectionId: number, query: RefusalListQuery): Promise<Page<RefusedDelivery>> =>
    call(() => commands.listRefusedWebhooks(connectionId, query)),
  /** Sends the event's forward to the partner again now (same id and body). */
  resendEvent: (id: number): Promise<EventRow> => call(() => commands.resendEvent(id)),

  listOperations: (query: OperationListQuery): Promise<Page<Operation>> =>
    call(() => commands.listOperations(query)),
  /** How many Stripe writes wait for the app (pending) or for a person (needs a decision). */
  countOpenOperations: (): Promise<OpenCounts> => call(() => commands.countOpenOperations()),
  /** Sends an open operation again with its own idempotency key; answers it as it now stands. */
  retryOperation: (id: number): Promise<Operation> => call(() => commands.retryOperation(id)),
  /** Marks an open operation resolved; `note` (required) says what was found at Stripe. */
  resolveOperation: (id: number, note: string): Promise<Operation> =>
    call(() => commands.resolveOperation(id, note)),

  /** The roles and the permissions each grants (the core's one table). */
  listRoles: (): Promise<RoleTable> => call(() => commands.listRoles()),
  /** Every operator (Admins only). */
  listOperators: (query: OperatorListQuery): Promise<Page<Operator>> => call(() => commands.listOperators(query)),
  /** Active operators, for "Switch operator" (anyone may ask). */
  listSwitchTargets: (): Promise<Operator[]> => call(() => commands.listSwitchTargets()),
  createOperator: (input: ArgOf<'createOperator'>): Promise<Operator> => call(() => commands.createOperator(input)),
  renameOperator: (id: number, displayName: string): Promise<Operator> =>
    call(() => commands.renameOperator(id, displayName)),
  /** An operator's own PIN, or anyone's for an Admin. */
  setOperatorPin: (id: number, pin: string): Promise<Operator> => call(() => commands.setOperatorPin(id, pin)),
  setOperatorRoles: (id: number, grants: Grant[]): Promise<Operator> => call(() => commands.setOperatorRoles(id, grants)),
  setOperatorActive: (id: number, active: boolean): Promise<Operator> =>
    call(() => commands.setOperatorActive(id, active)),
  /** Works as another operator from now on; `pin` is the target's (needed once there are two). */
  switchOperator: (id: number, pin: string | null): Promise<Operator> => call(() => commands.switchOperator(id, pin)),

  listAudit: (query: AuditListQuery): Promise<Page<AuditRecord>> => call(() => commands.listAudit(query)),
  /** Walks the audit log's hash chain; names the first record that does not match. */
  verifyAudit: (): Promise<Verification> => call(() => commands.verifyAudit()),
  exportAudit: (query: AuditListQuery): Promise<ExportedFile> => call(() => commands.exportAudit(query)),

  /** The workspace's fee schedules, one per currency, by currency. */
  listFeeSchedules: (workspaceId: number): Promise<FeeSchedule[]> => call(() => commands.listFeeSchedules(workspaceId)),
  /** Saves a currency's schedule whole (every value as typed); refused whole with every problem in `fieldErrors`. */
  saveFeeSchedule: (input: ArgOf<'saveFeeSchedule'>): Promise<FeeSchedule> => call(() => commands.saveFeeSchedule(input)),
  deleteFeeSchedule: (workspaceId: number, currency: string): Promise<null> =>
    call(() => commands.deleteFeeSchedule(workspaceId, currency)),
  /** The fee a payment would carry under the saved schedule, and the rule that gave it. */
  previewFee: (input: ArgOf<'previewFee'>): Promise<FeeQuote> => call(() => commands.previewFee(input)),

  /**
   * Opens a Stripe link in the system browser; the core refuses any other URL. When no browser
   * could be opened the error's field is `browser` (see `noBrowser`).
   */
  openExternalLink: (url: string): Promise<null> => call(() => commands.openExternalLink(url)),
};

export type Backend = typeof backend;

/** Calls `listener` with each dispute notification the app shows (to open the dispute). */
export async function onDisputeNotice(listener: (notice: DisputeNotice) => void): Promise<() => void> {
  const unlisten = await listen<DisputeNotice>('dispute-notice', (event) => listener(event.payload));
  // Stopping is asynchronous; a window that is closing may not answer it.
  return () => void Promise.resolve(unlisten()).catch(() => undefined);
}

/** Calls `listener` when the app status changed by itself (the offline sandbox finished starting). */
export async function onAppStatusChanged(listener: () => void): Promise<() => void> {
  const unlisten = await listen(APP_STATUS_EVENT, () => listener());
  return () => void Promise.resolve(unlisten()).catch(() => undefined);
}

/**
 * Calls `reload` whenever an applied Stripe event changed the records of `section` (the core
 * pushes it; nothing polls). Answers how to stop listening, at once.
 */
export function reloadOnChange(section: RecordsChanged['sections'][number], reload: () => void): () => void {
  let stop: (() => void) | undefined;
  let gone = false;
  listen<RecordsChanged>(RECORDS_EVENT, (event) => {
    if (event.payload.sections.includes(section)) reload();
  })
    .then((unlisten) => {
      if (gone) void Promise.resolve(unlisten()).catch(() => undefined);
      else stop = () => void Promise.resolve(unlisten()).catch(() => undefined);
    })
    .catch(() => undefined);
  return () => {
    gone = true;
    stop?.();
  };
}

/** Calls `listener` with every progress update of long work (syncs); answers how to stop listening. */
export async function onProgress(listener: (update: ProgressUpdate) => void): Promise<() => void> {
  return listen<ProgressUpdate>(PROGRESS_EVENT, (event) => listener(event.payload));
}

/** True when `openExternalLink` failed because no browser could be opened: show the link itself. */
export function noBrowser(error: UserError): boolean {
  return error.isAbout('browser');
}
