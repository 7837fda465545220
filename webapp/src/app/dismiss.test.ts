import { describe, expect, it } from 'vitest';
import { isDismissKey } from './dismiss';

const key = (key: string, extra: Partial<KeyboardEvent> = {}) => ({ key, defaultPrevented: false, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...extra });

describe('isDismissKey', () => {
  it('is Escape alone', () => {
    expect(isDismissKey(key('Escape'))).toBe(true);
  });

  it('is not another key, Escape with a modifier, or an Escape something else already handled', () => {
    expect(isDismissKey(key('Enter'))).toBe(false);
    expect(isDismissKey(key('Escape', { shiftKey: true }))).toBe(false);
    expect(isDismissKey(key('Escape', { ctrlKey: true }))).toBe(false);
    expect(isDismissKey(key('Escape', { defaultPrevented: true }))).toBe(false);
  });
});
