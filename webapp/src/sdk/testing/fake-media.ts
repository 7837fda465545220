/** Just enough of MediaStream and MediaStreamTrack for MediaController.open (node has neither), for unit tests. */
export class FakeStream {
  private readonly tracks: FakeTrack[] = [];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks.push(...tracks);
  }
  getTracks() {
    return [...this.tracks];
  }
  getAudioTracks() {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks() {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: FakeTrack) {
    this.tracks.push(track);
  }
  removeTrack(track: FakeTrack) {
    this.tracks.splice(this.tracks.indexOf(track), 1);
  }
}

export class FakeTrack extends EventTarget {
  readyState: 'live' | 'ended' = 'live';
  enabled = true;
  muted = false;
  applied: MediaTrackConstraints[] = [];
  constructor(readonly kind: 'audio' | 'video') {
    super();
  }
  stop() {
    this.readyState = 'ended';
  }
  /** What the browser does when the device goes away: no `stop()` call, an `ended` event. */
  endByBrowser() {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
  muteByBrowser(muted: boolean) {
    this.muted = muted;
    this.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
  }
  async applyConstraints(constraints: MediaTrackConstraints) {
    this.applied.push(constraints);
  }
}
