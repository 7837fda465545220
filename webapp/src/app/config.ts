import { ROOM_SECRET_PARAM } from '../sdk/room-secret';

/** The deployment's endpoints, read from /config.json at start so that one build serves every deployment. */
export interface AppConfig {
  apiUrl: string;
  wsUrl: string;
}

export async function loadConfig(fetchFn: typeof fetch = fetch): Promise<AppConfig> {
  const response = await fetchFn('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  const config = (await response.json()) as Partial<AppConfig>;
  if (typeof config.apiUrl !== 'string' || typeof config.wsUrl !== 'string') {
    throw new Error('config.json must have apiUrl and wsUrl');
  }
  return { apiUrl: config.apiUrl, wsUrl: config.wsUrl };
}

/** What a room link carries: the room, its token, and the room secret (null when the link lacks it). */
export interface LinkParts {
  roomId: string;
  token: string;
  secret: string | null;
}

/** `/room/<id>` with `#token=<jwt>&k=<room secret>`; null when the page is not a room link with a token. */
export function roomFromLocation(location: { pathname: string; hash: string }): LinkParts | null {
  const match = /^\/room\/([^/]+)\/?$/.exec(location.pathname);
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = fragment.get('token');
  if (!match || !token) return null;
  return { roomId: decodeURIComponent(match[1]), token, secret: fragment.get(ROOM_SECRET_PARAM) };
}

/** The fragment parameters a link must not keep showing: the room token and the room secret. */
const LINK_SECRETS = ['token', ROOM_SECRET_PARAM];

/**
 * The address to show once the page has read the link: the same path and query, the fragment without the room token
 * and room secret. Null when there is neither to remove. They then live only in memory, so they are neither in the
 * history entry nor in what a screen share, a bookmark or a copied address reveals.
 */
export function addressWithoutLinkSecrets(location: { pathname: string; search: string; hash: string }): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (!LINK_SECRETS.some((name) => fragment.has(name))) return null;
  for (const name of LINK_SECRETS) fragment.delete(name);
  const rest = fragment.toString();
  return `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`;
}

const NAME_KEY = 'otter.name';

/**
 * Reading `localStorage` itself throws (SecurityError) where the browser blocks storage, e.g. in an iframe of
 * another site with third-party storage blocked: an embedded room must still work, so every access is guarded.
 */
function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function rememberedName(storage: Pick<Storage, 'getItem'> | undefined = browserStorage()): string {
  try {
    return storage?.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberName(name: string, storage: Pick<Storage, 'setItem'> | undefined = browserStorage()): void {
  try {
    storage?.setItem(NAME_KEY, name);
  } catch {
    // Private browsing may refuse storage; the name is only a convenience.
  }
}
