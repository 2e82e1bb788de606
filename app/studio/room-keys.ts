/**
 * Room capabilities on this device. A link carries its token in the URL fragment (never sent to the
 * server): `#edit=<token>` (the edit link also carries `&view=<token>` so editors can hand out view
 * links) or `#view=<token>`. Tokens seen once are remembered per room, so the gallery and face pages
 * know which faces this browser may publish or delete.
 */
export interface RoomKeys {
  edit?: string;
  view?: string;
}

const STORAGE_KEY = 'facesketch:rooms';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

export function parseFragment(hash: string): RoomKeys {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const keys: RoomKeys = {};
  const edit = params.get('edit');
  const view = params.get('view');
  if (edit && TOKEN_PATTERN.test(edit)) keys.edit = edit;
  if (view && TOKEN_PATTERN.test(view)) keys.view = view;
  return keys;
}

export function editLink(origin: string, roomId: string, keys: RoomKeys): string | null {
  if (!keys.edit) return null;
  return `${origin}/r/${roomId}#edit=${keys.edit}${keys.view ? `&view=${keys.view}` : ''}`;
}

export function viewLink(origin: string, roomId: string, keys: RoomKeys): string | null {
  return keys.view ? `${origin}/r/${roomId}#view=${keys.view}` : null;
}

function readAll(): Record<string, RoomKeys> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, RoomKeys>) : {};
  } catch {
    return {};
  }
}

export function rememberedKeys(roomId: string): RoomKeys {
  const stored: Partial<Record<keyof RoomKeys, unknown>> = readAll()[roomId] ?? {};
  const keys: RoomKeys = {};
  if (typeof stored.edit === 'string' && TOKEN_PATTERN.test(stored.edit)) keys.edit = stored.edit;
  if (typeof stored.view === 'string' && TOKEN_PATTERN.test(stored.view)) keys.view = stored.view;
  return keys;
}

export function rememberKeys(roomId: string, keys: RoomKeys): void {
  if (!keys.edit && !keys.view) return;
  const all = readAll();
  all[roomId] = { ...all[roomId], ...keys };
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Storage full or disabled: links still work, this browser just forgets them.
  }
}

/** The edit token this browser holds for a room, if any. */
export function editTokenFor(roomId: string | null): string | null {
  return roomId ? (rememberedKeys(roomId).edit ?? null) : null;
}
