import { describe, expect, it } from 'vitest';
import { comingSoonMessage, SECTIONS, sectionById, sectionFromHash } from './sections';
import { interpretKey, type KeyLike } from './shortcuts';

const key = (k: string, extra: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...extra,
});

describe('sections', () => {
  it('lists the fifteen sections in order', () => {
    expect(SECTIONS.map((s) => s.label)).toEqual([
      'Workspaces', 'Connections', 'Onboarding', 'Accounts', 'Payments', 'Transfers',
      'Payouts', 'Balances', 'Fees', 'Disputes', 'Events', 'Pending operations', 'Operators', 'Audit', 'Settings',
    ]);
    expect(new Set(SECTIONS.map((s) => s.key)).size).toBe(SECTIONS.length);
  });

  it('reads the section from the hash', () => {
    expect(sectionFromHash('#/payouts')).toBe('payouts');
    expect(sectionFromHash('#/Settings')).toBe('settings');
    expect(sectionFromHash('')).toBe('workspaces');
    expect(sectionFromHash('#/nope')).toBe('workspaces');
  });

  it('says plainly that a section is still to come', () => {
    expect(comingSoonMessage(sectionById('connections'))).toBe('Connections arrive in a coming release.');
    expect(comingSoonMessage(sectionById('onboarding'))).toBe('Onboarding arrives in a coming release.');
  });
});

describe('shortcuts', () => {
  it('goes to a section with g then its letter', () => {
    expect(interpretKey(key('g'), false)).toEqual({ type: 'pending' });
    expect(interpretKey(key('w'), true)).toEqual({ type: 'go', section: 'workspaces' });
    expect(interpretKey(key('s'), true)).toEqual({ type: 'go', section: 'settings' });
    expect(interpretKey(key('u'), true)).toEqual({ type: 'go', section: 'payouts' });
    expect(interpretKey(key('z'), true)).toEqual({ type: 'none' });
  });

  it('goes to the first nine sections with Alt+digit', () => {
    expect(interpretKey(key('1', { altKey: true, code: 'Digit1' }), false)).toEqual({ type: 'go', section: 'workspaces' });
    expect(interpretKey(key('¡', { altKey: true, code: 'Digit9' }), false)).toEqual({ type: 'go', section: 'fees' });
    expect(interpretKey(key('0', { altKey: true, code: 'Digit0' }), false)).toEqual({ type: 'none' });
  });

  it('maps /, n and ?', () => {
    expect(interpretKey(key('/'), false)).toEqual({ type: 'focusFilter' });
    expect(interpretKey(key('n'), false)).toEqual({ type: 'new' });
    expect(interpretKey(key('?', { shiftKey: true }), false)).toEqual({ type: 'help' });
  });

  it('leaves browser and system shortcuts alone', () => {
    expect(interpretKey(key('n', { ctrlKey: true }), false)).toEqual({ type: 'none' });
    expect(interpretKey(key('w', { metaKey: true }), true)).toEqual({ type: 'none' });
  });
});
