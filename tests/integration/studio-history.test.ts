import { afterAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, clearStrokes, setSlider, type Stroke } from '../../lib/doc/index.ts';
import { readSnapshot } from '../../lib/studio/history.ts';
import { connectDatabase } from '../../server/db/database.ts';
import { createRoomHistoryRepository } from '../../server/history/repository.ts';
import { RoomTimeline } from '../../server/history/timeline.ts';
import { createLogger } from '../../server/log.ts';

const db = connectDatabase(inject('databaseUrl'));
afterAll(() => db.close());
const history = createRoomHistoryRepository(db.prisma);
const PAUSE_MS = 1000;

function stroke(id: string): Stroke {
  return { id, author: '1', tool: 'pen', width: 0.01, points: Float32Array.from([0.1, 0.1, 0.5, 0.5, 0.5, 0.5, 0.9, 0.2, 0.5]) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timelineFor(stored: Y.Doc | null = null) {
  const { room } = await db.rooms.create();
  const timeline = new RoomTimeline(history, async () => stored ?? new Y.Doc(), createLogger('silent'), { pauseMs: PAUSE_MS });
  return { roomId: room.id, timeline };
}

describe('room timeline', () => {
  it('writes a checkpoint after a pause in editing, named by what changed, and none when nothing did', async () => {
    const { roomId, timeline } = await timelineFor();
    const doc = new Y.Doc();
    addStroke(doc, stroke('a'));
    timeline.noteChange(roomId, doc);
    await sleep(PAUSE_MS / 3);
    addStroke(doc, stroke('b'));
    timeline.noteChange(roomId, doc); // still editing: the pause starts again
    await sleep(PAUSE_MS / 3);
    expect(await history.list(roomId)).toHaveLength(0);
    await expect.poll(() => history.list(roomId), { timeout: 5000 }).toHaveLength(1);
    const [first] = await history.list(roomId);
    expect(first).toMatchObject({ kind: 'pause', label: '2 strokes added', strokeCount: 2 });

    timeline.noteChange(roomId, doc); // a live slider drag: the document is unchanged
    await sleep(PAUSE_MS * 1.5);
    expect(await history.list(roomId)).toHaveLength(1);

    setSlider(doc, 'Smiling', 0.5);
    timeline.noteChange(roomId, doc);
    await expect.poll(async () => (await history.list(roomId)).map((c) => c.label), { timeout: 5000 }).toEqual(['2 strokes added', 'Smile +0.50']);
    const state = await history.state(roomId, first!.id);
    expect(readSnapshot(state!).strokes.map((s) => s.id)).toEqual(['a', 'b']);
    expect(await history.state(roomId, 'AAAAAAAAAAAA')).toBeNull();
    await timeline.close();
  });

  it('records the state before a Clear on request, and writes a pending pause when the room unloads', async () => {
    const { roomId, timeline } = await timelineFor();
    const doc = new Y.Doc();
    addStroke(doc, stroke('a'));
    addStroke(doc, stroke('b'));
    timeline.noteChange(roomId, doc);
    const before = await timeline.checkpoint(roomId, 'clear');
    expect(before).toMatchObject({ kind: 'clear', label: 'Before clear', strokeCount: 2 });
    expect(await timeline.checkpoint(roomId, 'clear')).toBeNull(); // unchanged since

    clearStrokes(doc);
    timeline.noteChange(roomId, doc);
    timeline.roomUnloaded(roomId); // before the pause ends
    await timeline.close();
    const checkpoints = await history.list(roomId);
    expect(checkpoints.map((c) => [c.kind, c.label, c.strokeCount])).toEqual([
      ['clear', 'Before clear', 2],
      ['pause', '2 strokes removed', 0],
    ]);
  });

  it('reads a room that is not in memory from storage; checkpoints go with their room', async () => {
    const stored = new Y.Doc();
    addStroke(stored, stroke('z'));
    const { roomId, timeline } = await timelineFor(stored);
    const saved = await timeline.checkpoint(roomId, 'save', 'Portrait');
    expect(saved).toMatchObject({ kind: 'save', label: 'Saved “Portrait”', strokeCount: 1 });
    await db.prisma.room.delete({ where: { id: roomId } });
    expect(await history.list(roomId)).toEqual([]);
  });
});
