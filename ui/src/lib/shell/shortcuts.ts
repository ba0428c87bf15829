// Keyboard shortcuts of the shell, as a pure function of the key pressed and whether a "g" is
// pending, so the rules are unit-tested without a DOM.

import { SECTIONS, type SectionId } from './sections';

export type ShortcutAction =
  | { type: 'go'; section: SectionId }
  | { type: 'focusFilter' }
  | { type: 'new' }
  | { type: 'help' }
  | { type: 'switchOperator' }
  | { type: 'pending' } // "g" pressed, waiting for the section letter
  | { type: 'none' };

export interface KeyLike {
  key: string;
  code?: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey?: boolean;
}

/** How long a pressed "g" waits for its second key. */
export const SEQUENCE_TIMEOUT_MS = 1500;

/**
 * Interprets one keydown. `pendingG` is true when the previous key was a lone "g".
 * The caller ignores keys typed into inputs and keys pressed while a dialog is open.
 */
export function interpretKey(event: KeyLike, pendingG: boolean): ShortcutAction {
  // Alt+1 … Alt+9: the first nine sections. `code` survives layouts where Alt changes the character.
  if (event.altKey && !event.ctrlKey && !event.metaKey) {
    // Alt+O: "Switch operator" (by `code` too, where Alt+O types another character).
    if (event.code === 'KeyO' || event.key.toLowerCase() === 'o') return { type: 'switchOperator' };
    const digit = /^Digit([1-9])$/.exec(event.code ?? '')?.[1] ?? (/^[1-9]$/.test(event.key) ? event.key : null);
    if (digit) {
      const section = SECTIONS[Number(digit) - 1];
      return section ? { type: 'go', section: section.id } : { type: 'none' };
    }
    return { type: 'none' };
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return { type: 'none' };

  const key = event.key;
  if (pendingG) {
    const section = SECTIONS.find((s) => s.key === key.toLowerCase());
    return section ? { type: 'go', section: section.id } : { type: 'none' };
  }
  switch (key) {
    case 'g':
      return { type: 'pending' };
    case '/':
      return { type: 'focusFilter' };
    case 'n':
      return { type: 'new' };
    case '?':
      return { type: 'help' };
    default:
      return { type: 'none' };
  }
}

export interface ShortcutHelp {
  keys: string[];
  description: string;
}

/** What the "?" dialog lists. */
export function shortcutHelp(): { group: string; items: ShortcutHelp[] }[] {
  return [
    {
      group: 'Go to',
      items: SECTIONS.map((s, i) => ({
        keys: i < 9 ? [`g ${s.key}`, `Alt+${i + 1}`] : [`g ${s.key}`],
        description: s.label,
      })),
    },
    {
      group: 'On a page',
      items: [
        { keys: ['/'], description: 'Filter the list' },
        { keys: ['n'], description: 'New item' },
        { keys: ['Enter'], description: 'Press a button, sort a column' },
        { keys: ['Esc'], description: 'Clear the filter' },
      ],
    },
    {
      group: 'In a dialog',
      items: [
        { keys: ['Enter'], description: 'Submit' },
        { keys: ['Esc'], description: 'Cancel and close' },
        { keys: ['Tab'], description: 'Next field (stays in the dialog)' },
      ],
    },
    {
      group: 'Anywhere',
      items: [
        { keys: ['Alt+O'], description: 'Switch operator' },
        { keys: ['?'], description: 'Show this list' },
      ],
    },
  ];
}
