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
