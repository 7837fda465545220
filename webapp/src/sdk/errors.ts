/** Why joining or staying in a room failed; the UI picks its screen from this. */
export enum ErrorReason {
  /** The link's token has expired. */
  LinkExpired = 'LinkExpired',
  /** The room already holds its `maxParticipants`. */
  RoomFull = 'RoomFull',
  /** The room was ended or has run out its time. */
  RoomEnded = 'RoomEnded',
  /** The token was refused for another reason than expiry (revoked, forged, wrong room). */
  NotAllowed = 'NotAllowed',
  /** The user or the browser refused the camera or microphone. */
  MediaDenied = 'MediaDenied',
  /** No camera or microphone could be opened (none present, or in use by another program). */
  MediaUnavailable = 'MediaUnavailable',
  /** The API or the signaling server could not be reached. */
  ServerUnreachable = 'ServerUnreachable',
  /** The link is malformed or names no known room. */
  InvalidLink = 'InvalidLink',
  /** The host removed this participant. */
  Removed = 'Removed',
  /** A host stopped the room's shared guest link: no new guest gets in with it. */
  GuestLinkStopped = 'GuestLinkStopped',
  /** A request was refused by the signaling server (see `serverCode`). */
  Refused = 'Refused',
  /** This browser (or the web view it runs in) lacks something the call needs (see `feature`). */
  Unsupported = 'Unsupported',
}

export class OtterError extends Error {
  override readonly name: string = 'OtterError';
  constructor(
    readonly reason: ErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class LinkExpiredError extends OtterError {
  override readonly name = 'LinkExpiredError';
  constructor(readonly expiredAt?: Date) {
    super(ErrorReason.LinkExpired, 'This link has expired.');
  }
}

export class RoomFullError extends OtterError {
  override readonly name = 'RoomFullError';
  constructor(readonly maxParticipants?: number) {
    super(ErrorReason.RoomFull, 'This room is full.');
  }
}

export class RoomEndedError extends OtterError {
  override readonly name = 'RoomEndedError';
  constructor() {
    super(ErrorReason.RoomEnded, 'This room has ended.');
  }
}

export class NotAllowedError extends OtterError {
  override readonly name = 'NotAllowedError';
  constructor(message = 'This link is not allowed into the room.') {
    super(ErrorReason.NotAllowed, message);
  }
}

export class MediaDeniedError extends OtterError {
  override readonly name = 'MediaDeniedError';
  constructor(cause?: unknown) {
    super(ErrorReason.MediaDenied, 'Camera or microphone access was denied.', { cause });
  }
}

export class MediaUnavailableError extends OtterError {
  override readonly name = 'MediaUnavailableError';
  constructor(cause?: unknown) {
    super(ErrorReason.MediaUnavailable, 'No camera or microphone could be opened.', { cause });
  }
}

export class ServerUnreachableError extends OtterError {
  override readonly name = 'ServerUnreachableError';
  constructor(message = 'The Otter server could not be reached.', cause?: unknown) {
    super(ErrorReason.ServerUnreachable, message, { cause });
  }
}

export class InvalidLinkError extends OtterError {
  override readonly name = 'InvalidLinkError';
  constructor(message = 'This link is not valid.') {
    super(ErrorReason.InvalidLink, message);
  }
}

export class RemovedError extends OtterError {
  override readonly name = 'RemovedError';
  constructor() {
    super(ErrorReason.Removed, 'The host removed you from the room.');
  }
}

export class GuestLinkStoppedError extends OtterError {
  override readonly name = 'GuestLinkStoppedError';
  constructor() {
    super(ErrorReason.GuestLinkStopped, 'The host stopped this link; new guests cannot join with it.');
  }
}

export class RefusedError extends OtterError {
  override readonly name = 'RefusedError';
  constructor(
    readonly serverCode: string,
    message: string,
  ) {
    super(ErrorReason.Refused, message);
  }
}

/** The browser lacks an API: screen sharing on iOS, or what a call needs in a browser too old (capabilities.ts). */
export class UnsupportedError extends OtterError {
  override readonly name = 'UnsupportedError';
  constructor(
    readonly feature: string,
    message = `This browser does not support ${feature}.`,
  ) {
    super(ErrorReason.Unsupported, message);
  }
}
