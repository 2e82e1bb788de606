/** Who this browser is in rooms: a display name and a colour, kept between visits. */
export interface Identity {
  name: string;
  color: string;
}

export const NAME_MAX = 32;

/** Colours that read well on paper and as label backgrounds with white text. */
export const PRESENCE_COLORS = ['#d8572a', '#2f7d6d', '#3d5a98', '#a13d7a', '#7a5c1e', '#2a7ab0', '#8a4fd0', '#c0392b', '#4b7f2a', '#b35c00'];

const ADJECTIVES = ['Curious', 'Gentle', 'Bold', 'Quiet', 'Sunny', 'Nimble', 'Dreamy', 'Brave', 'Witty', 'Calm', 'Lucky', 'Merry'];
const ANIMALS = ['Otter', 'Heron', 'Fox', 'Lynx', 'Wren', 'Badger', 'Panda', 'Koala', 'Finch', 'Seal', 'Moth', 'Hare'];

const STORAGE_KEY = 'facesketch:identity';

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

export function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, NAME_MAX);
}

export function loadIdentity(): Identity {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Identity> | null;
    if (stored && typeof stored.name === 'string' && cleanName(stored.name) && PRESENCE_COLORS.includes(stored.color ?? '')) {
      return { name: cleanName(stored.name), color: stored.color! };
    }
  } catch {
    // fall through to a fresh identity
  }
  const identity = { name: `${pick(ADJECTIVES)} ${pick(ANIMALS)}`, color: pick(PRESENCE_COLORS) };
  saveIdentity(identity);
  return identity;
}

export function saveIdentity(identity: Identity): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(identity));
  } catch {
    // not remembered; fine for this visit
  }
}
