/**
 * The camera, microphone and speaker last chosen in this browser, kept in localStorage (like the name) so the
 * next call starts with them. Browsers keep a site's deviceIds stable once it was allowed the camera; a remembered
 * device that is no longer listed is simply not used.
 */
export type RememberedKind = 'audioinput' | 'videoinput' | 'audiooutput';

const KEY = 'otter.devices';

function read(): Partial<Record<RememberedKind, string>> {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? '{}') as unknown;
    return typeof value === 'object' && value !== null ? (value as Partial<Record<RememberedKind, string>>) : {};
  } catch {
    return {};
  }
}

/** Remembers a choice; an empty deviceId (the default device) forgets it. */
export function rememberDevice(kind: RememberedKind, deviceId: string): void {
  try {
    const all = read();
    if (deviceId) all[kind] = deviceId;
    else delete all[kind];
    localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // Storage may be off (private mode, embedded without storage access): the choice then lasts this call only.
  }
}

/** The remembered device of a kind if it is among `devices`, else '' (the default). */
export function rememberedDevice(kind: RememberedKind, devices: Pick<MediaDeviceInfo, 'kind' | 'deviceId'>[]): string {
  const id = read()[kind];
  return id && devices.some((d) => d.kind === kind && d.deviceId === id) ? id : '';
}
