// Whom the picture-in-picture window shows: a pure rule, kept apart from the component for tests.

export interface PipCandidate {
  peerId: string;
  /** Their camera is on and their video has arrived. */
  hasVideo: boolean;
}

/**
 * The person the picture-in-picture window shows: the active speaker when that is someone else; while we speak
 * ourselves (or nobody spoke yet), whoever it showed before if they are still here; otherwise the first other person
 * with video, then the first other person; our own view only when we are alone.
 */
export function choosePipSubject({
  activeSpeaker,
  previous,
  localPeerId,
  others,
}: {
  activeSpeaker: string | null;
  previous: string | null;
  localPeerId: string;
  others: readonly PipCandidate[];
}): string {
  const present = (peerId: string | null): peerId is string => peerId !== null && others.some((o) => o.peerId === peerId);
  if (present(activeSpeaker)) return activeSpeaker;
  if (present(previous)) return previous;
  return others.find((o) => o.hasVideo)?.peerId ?? others[0]?.peerId ?? localPeerId;
}
