import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { PresencePublisher, readPeer } from '../../app/studio/presence.ts';
import { readLiveSliders } from '../../server/realtime/live-sliders.ts';

const good = { name: 'Ada', color: '#d8572a', cursor: { x: 0.5, y: 0.25 }, drawing: null, dragging: null };

describe('readPeer: remote presence is untrusted', () => {
  it('keeps a well-formed state', () => {
    expect(readPeer(7, good, 1)).toEqual({ clientId: 7, isSelf: false, ...good });
    expect(readPeer(1, good, 1)?.isSelf).toBe(true);
  });

  it('drops or repairs what is malformed', () => {
    expect(readPeer(7, null, 1)).toBeNull();
    expect(readPeer(7, { color: 'red' }, 1)).toBeNull();
    const peer = readPeer(
      7,
      {
        name: 'x'.repeat(500),
        color: 'url(javascript:alert(1))',
        cursor: { x: 2, y: 0 },
        drawing: { id: 'a', tool: 'laser', width: 0.01, points: [0.1, 0.1, 0.5] },
        dragging: { attribute: 'Smiling', value: 7 },
      },
      1,
    )!;
    expect(peer.name).toHaveLength(32);
    expect(peer.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(peer.cursor).toBeNull();
    expect(peer.drawing).toBeNull();
    expect(peer.dragging).toBeNull();
  });

  it('refuses an in-progress stroke with points off the canvas', () => {
    const drawing = { id: 'a', tool: 'pen', width: 0.01, points: [0.1, 0.1, 0.5, 1.5, 0.2, 0.5] };
    expect(readPeer(7, { ...good, drawing }, 1)!.drawing).toBeNull();
    expect(readPeer(7, { ...good, drawing: { ...drawing, points: [0.1, 0.1, 0.5] } }, 1)!.drawing).not.toBeNull();
  });
});

describe('readLiveSliders (server)', () => {
  it('collects valid drags, sorted, and ignores the rest', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { dragging: { attribute: 'Young', value: -0.5 } }],
      [2, { dragging: { attribute: 'Smiling', value: 0.75 } }],
      [3, { dragging: { attribute: 'Bangs', value: Number.NaN } }],
      [4, { dragging: { attribute: 'x'.repeat(65), value: 0 } }],
      [5, { dragging: 'Smiling' }],
      [6, {}],
    ]);
    const live = readLiveSliders(states);
    expect(live).toEqual({ Smiling: 0.75, Young: -0.5 });
    expect(Object.keys(live)).toEqual(['Smiling', 'Young']);
  });
});

describe('PresencePublisher', () => {
  afterEach(() => vi.useRealTimers());

  it('coalesces changes into one awareness update per interval', () => {
    vi.useFakeTimers();
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ ...good });
    const updates: unknown[] = [];
    awareness.on('update', () => updates.push(awareness.getLocalState()));
    const publisher = new PresencePublisher(awareness, 40);
    publisher.set({ cursor: { x: 0.1, y: 0.1 } });
    publisher.set({ cursor: { x: 0.2, y: 0.2 } });
    expect(updates).toHaveLength(0);
    vi.advanceTimersByTime(40);
    expect(updates).toHaveLength(1);
    expect(awareness.getLocalState()).toMatchObject({ name: 'Ada', cursor: { x: 0.2, y: 0.2 } });
    publisher.set({ dragging: { attribute: 'Smiling', value: 0.3 } }, true);
    expect(updates).toHaveLength(2);
    publisher.dispose();
  });
});
