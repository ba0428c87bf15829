// The operations journal in plain words: kinds, states and where a write went.

import type { OpenCounts, Operation, OperationKind, OperationState, OperationTarget } from '../bindings';
import type { BadgeTone } from '../ui/badge';

/** The same words as the core's `OperationKind::describe`. */
export const KIND_WORDS: Record<OperationKind, string> = {
  accountCreate: 'Create account',
  accountUpdate: 'Update account',
  paymentCreate: 'Create payment',
  paymentConfirm: 'Confirm payment',
  paymentCapture: 'Capture payment',
  paymentCancel: 'Cancel payment',
  refund: 'Refund',
  transfer: 'Transfer',
  transferReversal: 'Reverse transfer',
  payoutCreate: 'Create payout',
  payoutCancel: 'Cancel payout',
  payoutSchedule: 'Change payout schedule',
  disputeEvidence: 'Save dispute evidence',
  disputeSubmit: 'Submit dispute evidence',
  disputeClose: 'Accept dispute',
  fileUpload: 'Upload file',
  webhookEndpointCreate: 'Register webhook endpoint',
  webhookEndpointDelete: 'Remove webhook endpoint',
};

export function kindWords(kind: OperationKind): string {
  return KIND_WORDS[kind] ?? kind;
}

export const STATE_WORDS: Record<OperationState, string> = {
  pending: 'Pending',
  needsDecision: 'Needs a decision',
  completed: 'Completed',
  failed: 'Failed',
  resolved: 'Resolved',
};

/** The states in the order the filter lists them: open ones first. */
export const STATE_ORDER: readonly OperationState[] = ['pending', 'needsDecision', 'completed', 'failed', 'resolved'];

export function stateWords(state: OperationState): string {
  return STATE_WORDS[state] ?? state;
}

/** Amber while the app is still on it, red when a person must decide. */
export function stateTone(state: OperationState): BadgeTone {
  switch (state) {
    case 'pending':
      return 'warning';
    case 'needsDecision':
    case 'failed':
      return 'danger';
    case 'completed':
      return 'success';
    case 'resolved':
      return 'neutral';
  }
}

export function isOpen(state: OperationState): boolean {
  return state === 'pending' || state === 'needsDecision';
}

/** Which Stripe the write went to: "Offline sandbox" or the connection's bizId. */
export function targetPlace(target: OperationTarget): string {
  if (target.offline) return 'Offline sandbox';
  return target.connection ?? 'Platform account';
}

/** What the header says, e.g. "2 pending · 1 needs a decision"; empty parts are left out. */
export function countParts(counts: OpenCounts | null): { pending: string | null; decision: string | null } {
  const pending = counts?.pending ?? 0;
  const decision = counts?.needsDecision ?? 0;
  return {
    pending: pending > 0 ? `${pending} pending` : null,
    decision: decision > 0 ? `${decision} ${decision === 1 ? 'needs' : 'need'} a decision` : null,
  };
}

/** The toast after "Retry now": where the operation stands now. */
export function retryOutcome(operation: Operation): { kind: 'success' | 'info' | 'error'; message: string } {
  const what = operation.summary || kindWords(operation.kind);
  switch (operation.state) {
    case 'completed':
      return { kind: 'success', message: `${what}: Stripe confirmed it${operation.objectId ? ` (${operation.objectId})` : ''}.` };
    case 'failed':
      return { kind: 'error', message: `${what}: Stripe refused it${operation.failure ? `: ${operation.failure.message}` : '.'}` };
    case 'needsDecision':
      return { kind: 'error', message: `${what} needs a decision: ${operation.lastError ?? 'its outcome could not be established.'}` };
    case 'resolved':
      return { kind: 'info', message: `${what} was resolved by hand.` };
    case 'pending':
      return { kind: 'info', message: `${what} is still pending: ${operation.lastError ?? 'Stripe has not answered yet.'}` };
  }
}
