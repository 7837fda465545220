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

/** `/room/<id>` with `#token=<jwt>`; null when the page is not a room link. */
export function roomFromLocation(location: { pathname: string; hash: string }): { roomId: string; token: string } | null {
  const match = /^\/room\/([^/]+)\/?$/.exec(location.pathname);
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (!match || !token) return null;
  return { roomId: decodeURIComponent(match[1]), token };
}

/**
 * The address to show once the page has read the room token: the same path and query, the fragment without
 * `token`. Null when there is no token to remove. The token then lives only in memory, so it is neither in the
 * history entry nor in what a screen share, a bookmark or a copied address reveals.
 */
export function addressWithoutToken(location: { pathname: string; search: string; hash: string }): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (!fragment.has('token')) return null;
  fragment.delete('token');
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
