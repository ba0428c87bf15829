// The vault's state in words, for Settings and the banner.

import type { VaultState } from '../bindings';

export interface VaultWords {
  /** A short headline: "Stored in the system keyring". */
  title: string;
  /** One or two sentences on what it means and what to do. */
  detail: string;
  /** Whether the user has to act before secrets can be saved. */
  needsAction: boolean;
}

/** "(reason)" reads better without the reason's own final full stop. */
function bare(reason: string): string {
  return reason.trim().replace(/[.\s]+$/, '');
}

export function describeVault(vault: VaultState): VaultWords {
  switch (vault.state) {
    case 'unlocked':
      return vault.scheme === 'os-keyring'
        ? {
            title: 'Stored in the system keyring',
            detail: 'Stripe keys and secrets are encrypted with a key that your system keyring keeps for ConnectDesk.',
            needsAction: false,
          }
        : {
            title: 'Protected by your passphrase',
            detail: 'Stripe keys and secrets are encrypted with a key derived from your passphrase. They are unlocked until ConnectDesk closes.',
            needsAction: false,
          };
    case 'noSecretStore':
      return {
        title: 'Choose a passphrase',
        detail: `No system secret store is available (${bare(vault.reason)}). Choose a passphrase to protect your Stripe secrets; it cannot be recovered.`,
        needsAction: true,
      };
    case 'needsPassphrase':
      return {
        title: 'Locked',
        detail: 'Your Stripe secrets are protected by a passphrase. Enter it to unlock them until ConnectDesk closes.',
        needsAction: true,
      };
    case 'unavailable':
      return {
        title: 'Secrets are unavailable',
        detail: `ConnectDesk cannot load the key that protects your Stripe secrets: ${bare(vault.reason)}. Connections cannot be saved or tested until this is fixed.`,
        needsAction: false,
      };
  }
}
