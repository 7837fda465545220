import { describe, expect, it } from 'vitest';
import { ErrorReason } from './errors';
import { mediaError } from './media-controller';

const domError = (name: string) => Object.assign(new Error(name), { name });

describe('mediaError', () => {
  it('reports a refused permission as MediaDenied', () => {
    expect(mediaError(domError('NotAllowedError')).reason).toBe(ErrorReason.MediaDenied);
    expect(mediaError(domError('SecurityError')).reason).toBe(ErrorReason.MediaDenied);
  });
  it('reports a missing or busy device as MediaUnavailable', () => {
    expect(mediaError(domError('NotFoundError')).reason).toBe(ErrorReason.MediaUnavailable);
    expect(mediaError(domError('NotReadableError')).reason).toBe(ErrorReason.MediaUnavailable);
  });
  it('keeps the browser error as the cause', () => {
    const cause = domError('NotAllowedError');
    expect(mediaError(cause).cause).toBe(cause);
  });
});
