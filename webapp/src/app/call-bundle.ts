/**
 * Everything needed once the person presses Join: the SDK's join path, the call screen and the embedding
 * bridge. Loaded as its own chunk while the pre-join screen shows, so the first paint needs only React and the
 * app shell.
 */
export { joinRoom } from '../sdk/join-room';
export { EmbedBridge } from '../sdk/embed-bridge';
export { CallScreen } from './CallScreen';
