/** Every tunable of the SDK, in one place. */

export const SIGNALING_DEFAULTS = {
  /** API Gateway closes sockets idle for 10 minutes; ping well before that. */
  pingIntervalMs: 4 * 60_000,
  /** A socket whose pong does not come back in this time is treated as dead and reconnected. */
  pongTimeoutMs: 20_000,
  /**
   * When the page comes back (visible again, restored from the back/forward cache, resumed, online) the socket is
   * probed with a ping that must be answered within this time: a suspended page's socket (iOS) dies without a
   * `close` event, and a round trip to a live server takes far less.
   */
  probeTimeoutMs: 3_000,
  /** How long `joinRoom` waits for the socket to open and answer `joined`. */
  joinTimeoutMs: 15_000,
  /**
   * After an `error` `rate-limited` (the server dropped a message over the connection's budget, docs/limits.md),
   * signals are held this long (the budget's window) and then sent in order; every further one extends the pause.
   */
  rateLimitPauseMs: 5_000,
} as const;

export const RECONNECT_DEFAULTS = {
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  multiplier: 2,
  /** Up to ±this fraction of random spread so that a room's peers do not reconnect in lockstep. */
  jitter: 0.2,
  /** Attempts before giving up (about two minutes with the delays above). */
  maxAttempts: 16,
} as const;

export const ICE_DEFAULTS = {
  /** A connection still `disconnected` after this long gets an ICE restart (Chrome often recovers on its own). */
  disconnectedRestartMs: 5_000,
  /**
   * A negotiated connection that has still not connected after this long gets an ICE restart from its impolite
   * side. Seen in headless Chromium under heavy load: after an implicit rollback the polite side's new
   * transport sometimes never starts its checks, and a connection stuck in `new` never reaches `failed`.
   */
  connectTimeoutMs: 12_000,
  /** Such restarts per connection attempt; after them only `failed` triggers one. */
  maxConnectRestarts: 3,
  /**
   * The side that does not make a pair's first offer (the one already in the room; see PeerSession `offerFirst`)
   * offers itself only if the other's offer has not come after this long, e.g. lost with a dropped socket. On a
   * working network that offer arrives within a round trip, so nothing waits for this.
   */
  firstOfferFallbackMs: 3_000,
} as const;

/** The connectivity check (connectivity-check.ts) and what a call does when it cannot connect. */
export const CONNECTIVITY_DEFAULTS = {
  /** Every probe runs in parallel and ends by then: a relay that has not carried a message by now counts as failed. */
  timeoutMs: 8_000,
  /**
   * A participant the call has still not connected with after this long is explained to the user (which probes
   * failed) instead of spinning on; the call keeps trying meanwhile.
   */
  connectBoundMs: 25_000,
} as const;

/** Reactions to the device changing networks (network-watch.ts). */
export const NETWORK_DEFAULTS = {
  /** `online` and a connection-type change within this time are one network change (one reconnect, one ICE restart). */
  coalesceMs: 1_000,
} as const;

/** Recovery of a pair whose negotiation failed or whose video stalled (PeerSession, Room). */
export const NEGOTIATION_DEFAULTS = {
  /**
   * A pair off `stable` this long is stuck (e.g. both sides in `have-local-offer` after the polite side failed to
   * apply the other's offer) and is rebuilt with a fresh RTCPeerConnection on both sides.
   */
  stuckMs: 10_000,
  /** How often a connected pair's inbound video is checked for a stall. */
  stallCheckMs: 2_000,
  /**
   * Inbound video that has not decoded a new frame for this long while the sender says its camera is on is
   * stalled: first an ICE restart (from the impolite side), then, if it stays stalled as long again, a rebuild.
   */
  stallMs: 8_000,
  /** A pair is rebuilt at most once in this time; a later failure waits for the stuck timer to fire again. */
  minRebuildIntervalMs: 5_000,
  /**
   * Each rebuild of a pair that has not connected since doubles its stuck and stall bounds, at most this many
   * times (10 s → 80 s off `stable`): seen on a two-core machine running six browsers, where a rebuilt pair needed
   * more than 10 s to negotiate and was rebuilt every 15 s for minutes.
   */
  maxPatienceDoublings: 3,
} as const;

/** Per-sender video caps by number of people in the room: each sender encodes one copy per remote peer. */
export const VIDEO_CAPS = [
  { maxPeople: 2, maxBitrate: 2_500_000, scaleResolutionDownBy: 1, maxFramerate: 30 },
  { maxPeople: 3, maxBitrate: 1_200_000, scaleResolutionDownBy: 1.5, maxFramerate: 30 },
  { maxPeople: 4, maxBitrate: 800_000, scaleResolutionDownBy: 2, maxFramerate: 24 },
  { maxPeople: Infinity, maxBitrate: 500_000, scaleResolutionDownBy: 2, maxFramerate: 20 },
] as const;

export const AUDIO_CAPS = { maxBitrate: 64_000 } as const;

export const MEDIA_DEFAULTS = {
  video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  /**
   * A camera taken over from the pre-join preview is raised to `video` this long after the call's first connection
   * is up: by then the first frames, at the preview's size, have gone out, and the bandwidth estimate has grown past
   * WebRTC's start bitrate.
   */
  raiseAfterConnectedMs: 1_000,
} as const;

export const FILE_DEFAULTS = {
  /** Below 16 KiB every browser pair works; above 64 KiB is not practical across browsers (MDN). */
  minChunkBytes: 16 * 1024,
  maxChunkBytes: 64 * 1024,
  /** Resume sending when the channel's buffer drains to this. */
  lowWaterBytes: 1024 * 1024,
  /** Pause sending above this; Chromium closes a channel whose buffer passes 16 MiB. */
  highWaterBytes: 4 * 1024 * 1024,
  /** The sender reads the file in blocks of this size and slices them into chunks. */
  readBlockBytes: 1024 * 1024,
  /** The receiver folds received chunks into a Blob every this many bytes, so they are not kept twice. */
  receiverBlobPartBytes: 4 * 1024 * 1024,
  /** Emit progress at most every this many bytes (and always at the end). */
  progressStepBytes: 256 * 1024,
} as const;

export const CHAT_DEFAULTS = {
  maxTextLength: 4000,
} as const;

export const HAND_DEFAULTS = {
  /** A raised hand claiming an earlier time than this counts as raised this long ago (it cannot jump the queue by more). */
  maxRaisedAgeMs: 6 * 60 * 60 * 1000,
} as const;

/** The reactions a participant can send; a peer's reaction outside this set is dropped. */
export const REACTIONS = ['👍', '👏', '❤️', '😂', '😮', '🎉'] as const;
export type Reaction = (typeof REACTIONS)[number];

export const REACTION_DEFAULTS = {
  /** At most this many reactions per sender within `windowMs`; more are dropped (a flood must not bury the screen). */
  maxPerWindow: 5,
  windowMs: 3000,
} as const;

export const RECORDING_DEFAULTS = {
  /** A request to record that not everyone has answered by then lapses (the recorder cancels it everywhere). */
  askTimeoutMs: 2 * 60_000,
  /** The composited grid the recorder draws and records. */
  width: 1280,
  height: 720,
  framesPerSecond: 15,
  /** MediaRecorder hands over a piece of the file this often, so a crash loses at most this much. */
  timesliceMs: 1_000,
  /** Preferred containers and codecs, first supported wins; all are WebM. */
  mimeTypes: ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm'],
} as const;

/**
 * What a message from another peer may hold (peer-messages.ts checks every field against these); anything
 * outside is dropped and reported as an `error` event, never shown.
 */
export const PEER_MESSAGE_LIMITS = {
  /** A control-channel frame longer than this (in UTF-16 units) is dropped unparsed; a full chat message fits many times over. */
  maxControlFrameLength: 64 * 1024,
  /** A pair's connection generation (`signal.data.gen`); one rebuild every few seconds for years stays below. */
  maxGeneration: 1_000_000,
  /** Message and transfer ids (ours are UUIDs): letters, digits, `-` and `_`. */
  maxIdLength: 64,
  maxFileNameLength: 255,
  maxFileTypeLength: 255,
  /** The largest `sentAt` a JavaScript Date can hold (ms since the epoch); larger ones crash date formatting. */
  maxSentAt: 8.64e15,
  /** A session description; signaling frames are at most 128 KB anyway. */
  maxSdpLength: 128 * 1024,
  maxCandidateLength: 2048,
  /** `sdpMid`, ICE `usernameFragment` and the screen share's stream id. */
  maxTokenLength: 256,
} as const;

/**
 * Signals from a peer that signaling has not announced (`joined` / `peer-joined`) are held this long, because
 * the server replies `joined` to a newcomer before it tells the others, so the newcomer's first signals can
 * overtake its `peer-joined`. Signals of a peer not announced in time are dropped.
 */
export const UNANNOUNCED_PEER_DEFAULTS = {
  holdMs: 10_000,
  /** Unannounced peers held at once; signals from more are dropped at once. */
  maxPeers: 16,
  /** Signals held per unannounced peer (a real first negotiation needs a few dozen at most). */
  maxSignalsPerPeer: 100,
} as const;

/** Data channel ids negotiated out of band (both sides create them; neither waits for the other). */
export const DATA_CHANNELS = {
  control: { label: 'otter-control', id: 0 },
  filePrefix: 'otter-file:',
} as const;

/** End-to-end encryption of signal payloads (signal-crypto.ts, sealed-signals.ts). */
export const SIGNAL_CRYPTO_DEFAULTS = {
  /**
   * A signal's number may be this far below the highest seen from its sender and still be accepted (once): signals
   * of one sender normally arrive in order, but on AWS each is relayed by its own Lambda invocation.
   */
  replayWindow: 1024,
  /** Rejected senders remembered at once (ids signaling never announced included); older ones are forgotten. */
  maxRejectedSenders: 64,
} as const;

export const EFFECTS_DEFAULTS = {
  /** Where the chosen background and noise suppression are remembered, per device (localStorage). */
  storageKey: 'otter.effects',
  /**
   * The person mask is computed at most this often; every camera frame in between is composited with the latest
   * mask, so the outgoing frame rate stays the camera's even where segmentation is slower.
   */
  maxMasksPerSecond: 15,
  /**
   * The largest share of the time segmentation may take (it waits after each mask for the rest): the masks come
   * less often on a slow machine, and the frames, each composited with the latest mask, keep the camera's rate.
   */
  segmentationShare: 0.4,
  /** …but never rests longer than this after a mask, so a person who moves is followed within about a second. */
  maxSegmentationRestMs: 1_000,
  /** Segmentation input size: the landscape model's own (256×144), so no time is spent scaling inside it. */
  maskWidth: 256,
  maskHeight: 144,
  /**
   * The blurred background is the frame shrunk twice by this factor (16× in all) and grown back with smoothing:
   * at 640×360, a 40×23 picture spread over the frame, which hides a room's detail as a strong blur does.
   */
  blurStep: 4,
  /** RNNoise works on 10 ms frames at 48 kHz. */
  noiseSampleRate: 48_000,
} as const;
