import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_FIELDS,
  PEER_LEFT_REASONS,
  SERVER_ERROR_CODES,
  SERVER_FIELDS,
  parseServerMessage,
  type ClientAction,
  type ClientMessage,
  type ServerMessage,
  type ServerType,
} from './protocol';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/signaling.md', import.meta.url)), 'utf8');

/** Rows of the first markdown table after `heading`: first cell's code name → the other cells. */
function table(heading: string): Map<string, string[]> {
  const start = doc.indexOf(heading);
  if (start < 0) throw new Error(`docs/signaling.md has no "${heading}"`);
  const lines = doc.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    rows.set(cells[0].replace(/`/g, ''), cells.slice(1));
  }
  return rows;
}

/** The top-level field names in a fields cell: backticked names outside (), {} and []. */
function topLevelFields(cell: string): string[] {
  let depth = 0;
  let outer = '';
  for (const ch of cell) {
    if ('({['.includes(ch)) depth++;
    else if (')}]'.includes(ch)) depth--;
    else if (depth === 0) outer += ch;
  }
  return [...outer.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
}

// Every field a message type has must be listed in CLIENT_FIELDS / SERVER_FIELDS (compile-time check).
type Complete<M, D extends PropertyKey, F extends readonly PropertyKey[]> = [Exclude<keyof M, D | F[number]>] extends [never]
  ? true
  : false;
const clientComplete: { [A in ClientAction]: Complete<Extract<ClientMessage, { action: A }>, 'action', (typeof CLIENT_FIELDS)[A]> } = {
  join: true,
  signal: true,
  ping: true,
  remove: true,
  leave: true,
  end: true,
  lock: true,
  unlock: true,
  admit: true,
  deny: true,
};
const serverComplete: { [T in ServerType]: Complete<Extract<ServerMessage, { type: T }>, 'type', (typeof SERVER_FIELDS)[T]> } = {
  joined: true,
  'peer-joined': true,
  'peer-left': true,
  signal: true,
  pong: true,
  removed: true,
  'room-ended': true,
  'lobby-waiting': true,
  knock: true,
  'knock-resolved': true,
  'lobby-denied': true,
  locked: true,
  unlocked: true,
  'room-updated': true,
  error: true,
};

describe('protocol.ts against docs/signaling.md', () => {
  it('has exactly the client actions the document lists, with the same fields', () => {
    const rows = table('## Client → server');
    expect([...rows.keys()].sort()).toEqual(Object.keys(CLIENT_FIELDS).sort());
    for (const [action, [fields]] of rows) {
      expect([action, topLevelFields(fields).sort()]).toEqual([action, [...CLIENT_FIELDS[action as ClientAction]].sort()]);
    }
    expect(Object.values(clientComplete).every(Boolean)).toBe(true);
  });

  it('has exactly the server message types the document lists, with the same fields', () => {
    const rows = table('## Server → client');
    expect([...rows.keys()].sort()).toEqual(Object.keys(SERVER_FIELDS).sort());
    for (const [type, [fields]] of rows) {
      expect([type, topLevelFields(fields).sort()]).toEqual([type, [...SERVER_FIELDS[type as ServerType]].sort()]);
    }
    expect(Object.values(serverComplete).every(Boolean)).toBe(true);
  });

  it('has exactly the error codes the document lists', () => {
    expect([...table('### Error codes').keys()].sort()).toEqual([...SERVER_ERROR_CODES].sort());
  });

  it('has the peer-left reasons the document lists', () => {
    const reasonCell = table('## Server → client').get('peer-left')![0];
    const reasons = [...reasonCell.slice(reasonCell.indexOf('(')).matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    expect(reasons.sort()).toEqual([...PEER_LEFT_REASONS].sort());
  });
});

describe('parseServerMessage', () => {
  it('accepts a known type', () => {
    expect(parseServerMessage('{"type":"peer-left","peerId":"p","reason":"gone"}')).toEqual({ type: 'peer-left', peerId: 'p', reason: 'gone' });
  });
  it('drops malformed JSON, non-objects and unknown types', () => {
    expect(parseServerMessage('{oops')).toBeNull();
    expect(parseServerMessage('"joined"')).toBeNull();
    expect(parseServerMessage('null')).toBeNull();
    expect(parseServerMessage('{"type":"welcome"}')).toBeNull();
  });
});
