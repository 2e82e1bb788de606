import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../server/db/database.ts';
import { hashToken } from '../../server/db/ids.ts';

const db = connectDatabase(inject('databaseUrl'));
afterAll(() => db.close());

const png = (n: number) => new Uint8Array([137, 80, 78, 71, n]);

describe('rooms', () => {
  it('creates a room with two 256-bit tokens and stores only their hashes', async () => {
    const { room, editToken, viewToken } = await db.rooms.create({ title: 'Portrait', modelName: 's2f-dis-s64' });
    expect(room).toMatchObject({ title: 'Portrait', modelName: 's2f-dis-s64', latestFaceRevision: 0 });
    expect(room.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    for (const token of [editToken, viewToken]) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(editToken).not.toBe(viewToken);

    const stored = await db.prisma.room.findUniqueOrThrow({ where: { id: room.id } });
    expect(Buffer.from(stored.editTokenHash)).toEqual(Buffer.from(hashToken(editToken)));
    expect(Buffer.from(stored.viewTokenHash)).toEqual(Buffer.from(hashToken(viewToken)));
    expect(JSON.stringify(stored)).not.toContain(editToken);
  });

  it('finds rooms by id; unknown and malformed ids are null', async () => {
    const { room } = await db.rooms.create();
    expect(await db.rooms.find(room.id)).toEqual(room);
    expect(await db.rooms.find('AAAAAAAAAAAA')).toBeNull();
    expect(await db.rooms.find("'; DROP TABLE")).toBeNull();
  });

  it('verifies tokens to edit, view or nothing', async () => {
    const a = await db.rooms.create();
    const b = await db.rooms.create();
    expect(await db.rooms.verifyToken(a.room.id, a.editToken)).toBe('edit');
    expect(await db.rooms.verifyToken(a.room.id, a.viewToken)).toBe('view');
    expect(await db.rooms.verifyToken(a.room.id, b.editToken)).toBeNull();
    expect(await db.rooms.verifyToken(a.room.id, '')).toBeNull();
    expect(await db.rooms.verifyToken(a.room.id, 'x'.repeat(10_000))).toBeNull();
    expect(await db.rooms.verifyToken('AAAAAAAAAAAA', a.editToken)).toBeNull();
  });

  it('keeps the newest rendered face, ignoring renders that finish late', async () => {
    const { room } = await db.rooms.create();
    expect(await db.rooms.latestFace(room.id)).toBeNull();
    expect(await db.rooms.storeLatestFace(room.id, { png: png(2), revision: 2 })).toBe(true);
    expect(await db.rooms.storeLatestFace(room.id, { png: png(1), revision: 1 })).toBe(false);
    expect(await db.rooms.latestFace(room.id)).toEqual({ png: png(2), revision: 2 });
    expect((await db.rooms.find(room.id))?.latestFaceRevision).toBe(2);
  });

  it('renames', async () => {
    const { room } = await db.rooms.create();
    expect(await db.rooms.rename(room.id, 'Grandpa')).toBe(true);
    expect((await db.rooms.find(room.id))?.title).toBe('Grandpa');
    expect(await db.rooms.rename('AAAAAAAAAAAA', 'x')).toBe(false);
  });
});

describe('room documents', () => {
  const update = (n: number) => new Uint8Array([n, n, n]);

  it('appends batches with consecutive seqs and loads them in order', async () => {
    const { room } = await db.rooms.create();
    expect(await db.roomDocuments.load(room.id)).toEqual({ snapshot: null, snapshotSeq: 0, updates: [] });
    expect(await db.roomDocuments.append(room.id, [update(1), update(2)])).toBe(2);
    expect(await db.roomDocuments.append(room.id, [update(3)])).toBe(3);
    const loaded = await db.roomDocuments.load(room.id);
    expect(loaded.updates).toEqual([1, 2, 3].map((seq) => ({ seq, bytes: update(seq) })));
  });

  it('never hands out a seq twice under concurrent appends', async () => {
    const { room } = await db.rooms.create();
    const seqs = await Promise.all(Array.from({ length: 8 }, (_, i) => db.roomDocuments.append(room.id, [update(i), update(i)])));
    expect(new Set(seqs).size).toBe(8);
    const { updates } = await db.roomDocuments.load(room.id);
    expect(updates.map((u) => u.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('compacts exactly the updates it read into the snapshot; later updates stay, seqs keep counting', async () => {
    const { room } = await db.rooms.create();
    await db.roomDocuments.append(room.id, [update(1), update(2)]);
    const merged: Uint8Array[][] = [];
    const merge = (parts: Uint8Array[]) => (merged.push(parts), update(90 + merged.length));
    expect(await db.roomDocuments.compact(room.id, merge)).toBe(2);
    expect(merged).toEqual([[update(1), update(2)]]);
    expect(await db.roomDocuments.append(room.id, [update(3)])).toBe(3);
    expect(await db.roomDocuments.load(room.id)).toEqual({ snapshot: update(91), snapshotSeq: 2, updates: [{ seq: 3, bytes: update(3) }] });
    expect(await db.roomDocuments.tailLength(room.id)).toBe(1);
    expect(await db.roomDocuments.load(room.id, 2)).toEqual({ snapshot: null, snapshotSeq: 2, updates: [{ seq: 3, bytes: update(3) }] });

    expect(await db.roomDocuments.compact(room.id, merge)).toBe(1);
    expect(merged[1]).toEqual([update(91), update(3)]); // the stored snapshot first, then the tail
    expect(await db.roomDocuments.compact(room.id, merge)).toBe(0); // nothing new: nothing written
    expect(merged).toHaveLength(2);
    expect(await db.roomDocuments.append(room.id, [update(4)])).toBe(4);
    expect(await db.roomDocuments.load(room.id)).toEqual({ snapshot: update(92), snapshotSeq: 3, updates: [{ seq: 4, bytes: update(4) }] });
    expect(await db.roomDocuments.load(room.id, 1)).toEqual({ snapshot: update(92), snapshotSeq: 3, updates: [{ seq: 4, bytes: update(4) }] });
  });

  it('refuses appends to an unknown room', async () => {
    await expect(db.roomDocuments.append('AAAAAAAAAAAA', [update(1)])).rejects.toThrow();
    await expect(db.roomDocuments.append('AAAAAAAAAAAA', [])).rejects.toThrow('at least one update');
  });
});

describe('faces', () => {
  const face = (title: string, attributes: Record<string, number>, extra: object = {}) => ({
    title,
    png: png(1),
    sketchPng: png(2),
    attributes,
    modelName: 's2f-dis-s64',
    ...extra,
  });

  it('creates, reads (with bytes and lineage) and deletes faces', async () => {
    const { room } = await db.rooms.create();
    const parent = await db.faces.create(face('Parent', { Smiling: 0.5 }, { roomId: room.id, document: new Uint8Array([7]) }));
    const child = await db.faces.create(face('Remix', { Smiling: -0.5 }, { parentFaceId: parent.id }));
    expect(parent).toMatchObject({ roomId: room.id, published: false, publishedAt: null, attributes: { Smiling: 0.5 } });
    expect(await db.faces.get(parent.id)).toMatchObject({ png: png(1), sketchPng: png(2), document: new Uint8Array([7]) });
    expect(await db.faces.getSummary(child.id)).toMatchObject({ parentFaceId: parent.id, title: 'Remix' });
    expect(await db.faces.delete(parent.id)).toBe(true);
    expect(await db.faces.get(parent.id)).toBeNull();
    expect((await db.faces.getSummary(child.id))?.parentFaceId).toBeNull();
    expect(await db.faces.delete(parent.id)).toBe(false);
    expect(await db.faces.get('bad id')).toBeNull();
  });

  it('lists published faces newest first in stable cursor pages, filtered by attribute', async () => {
    const tag = `t${Date.now()}`; // other tests share the database: filter to this test's faces
    const created = [];
    for (let i = 0; i < 5; i++) created.push(await db.faces.create(face(`${tag}-${i}`, { [tag]: i / 4 }, { published: true })));
    const hidden = await db.faces.create(face(`${tag}-hidden`, { [tag]: 1 }));
    const newestFirst = created.map((f) => f.id).reverse();

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await db.faces.listPublished({ limit: 2, cursor, attribute: { name: tag, min: 0 } });
      expect(page.items.length).toBeLessThanOrEqual(2);
      ids.push(...page.items.map((f) => f.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(newestFirst);
    expect(ids).not.toContain(hidden.id);

    const smiling = await db.faces.listPublished({ attribute: { name: tag, min: 0.5, max: 0.75 } });
    expect(smiling.items.map((f) => f.title)).toEqual([`${tag}-3`, `${tag}-2`]);

    await expect(db.faces.listPublished({ cursor: 'garbage' })).rejects.toThrow('Invalid page cursor');
  });

  it('publishes and unpublishes', async () => {
    const created = await db.faces.create(face('Shy', {}));
    expect(await db.faces.setPublished(created.id, true)).toBe(true);
    expect((await db.faces.getSummary(created.id))?.publishedAt).toBeInstanceOf(Date);
    expect((await db.faces.listPublished({ limit: 100 })).items.map((f) => f.id)).toContain(created.id);
    expect(await db.faces.setPublished(created.id, false)).toBe(true);
    expect(await db.faces.getSummary(created.id)).toMatchObject({ published: false, publishedAt: null });
    expect(await db.faces.setPublished('AAAAAAAAAAAA', true)).toBe(false);
  });
});
