/**
 * Everything needed once the person presses Join: the SDK's join path and the call screen. Loaded as its own
 * chunk while the name prompt shows, so the first paint needs only React and the app shell.
 */
export { joinRoom } from '../sdk/join-room';
export { CallScreen } from './CallScreen';
