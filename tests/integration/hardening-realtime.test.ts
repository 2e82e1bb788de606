import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, clearStrokes } from '../../lib/doc/index.ts';
import { io as connectSocket } from 'socket.io-client';
import { EVENTS, REALTIME_NAMESPACE, type RefusalData } from '../../lib/realtime/protocol.ts';
import { connectDatabase, type Database } from '../../server/db/database.ts';
import { QUOTAS, Quotas } from '../../server/http/quotas.ts';
import { createLogger } from '../../server/log.ts';
import { attachRealtime } from '../../server/realtime/index.ts';
import { connectClient, contentOf, serverContent, startRealtimeServer, waitFor, type RealtimeServer } from './realtime-harness.ts';

let db: Database;
let server: RealtimeServer;
const changes: { roomId: string; live: Record<string, number> }[] = [];
const MAX_DOCUMENT_BYTES = 64 * 1024;

beforeAll(async () => {
  db = connectDatabase(inject('databaseUrl'));
  server = await startRealtimeServer(db, { maxDocumentBytes: MAX_DOCUMENT_BYTES });
  server.realtime.onRoomChanged((roomId, _revision, _doc, live) => changes.push({ roomId, live: { ...live } }));
});

afterAll(async () => {
  await server.close();
  await db.close();
});

const points = (n: number) => Float32Array.from({ length: n * 3 }, (_, i) => ((i * 7919) % 1000) / 1000);

describe('view links in the realtime data', () => {
  it('cannot drag a slider or paint a stroke in progress for everyone', async () => {
    const { room, editToken, viewToken } = await db.rooms.create();
    const editor = connectClient(server.url, room.id, editToken);
    const viewer = connectClient(server.url, room.id, viewToken);
    await Promise.all([editor.provider.whenSynced(), viewer.provider.whenSynced()]);
    viewer.provider.awareness.setLocalState({
      name: 'Viewer',
      dragging: { attribute: 'Smiling', value: 1 },
      drawing: { id: 'live', tool: 'pen', width: 0.2, points: [0.1, 0.1, 1, 0.9, 0.9, 1] },
    });
    await waitFor(() => editor.provider.awareness.getStates().get(viewer.doc.clientID)?.name === 'Viewer', 'the viewer’s presence');
    const seen = editor.provider.awareness.getStates().get(viewer.doc.clientID)!;
    expect(seen).toMatchObject({ name: 'Viewer', dragging: null, drawing: null });
    expect(changes.filter((change) => change.roomId === room.id && Object.keys(change.live).length > 0)).toEqual([]);

    // An editor's drag still shows to everyone.
    editor.provider.awareness.setLocalState({ name: 'Editor', dragging: { attribute: 'Smiling', value: 0.5 } });
    await waitFor(() => changes.some((change) => change.roomId === room.id && change.live.Smiling === 0.5), 'the editor’s drag');
    editor.provider.destroy();
    viewer.provider.destroy();
  });
});

describe('a room at its size limit', () => {
  it('still takes deletions, and takes new strokes again once the space is freed', async () => {
    const { room, editToken } = await db.rooms.create();
    const editor = connectClient(server.url, room.id, editToken);
    await editor.provider.whenSynced();
    const refusals: string[] = [];
    editor.provider.on('refused', (refusal) => refusals.push(refusal.code));
    const refused = new Promise<void>((resolve) => editor.provider.on('refused', () => resolve()));
    for (let i = 0; refusals.length === 0 && i < 40; i++) {
      addStroke(editor.doc, { id: `s${i}`, author: 'e', tool: 'pen', width: 0.01, points: points(200) });
      await Promise.race([editor.provider.whenAcknowledged(), refused]);
    }
    expect(refusals).toContain('too-large');
    editor.provider.destroy();

    // A fresh client (the refused stroke is not on the server) clears everything: a delete-only update.
    const clearer = connectClient(server.url, room.id, editToken);
    await clearer.provider.whenSynced();
    expect(contentOf(clearer.doc).strokes.length).toBeGreaterThan(0);
    clearStrokes(clearer.doc);
    await clearer.provider.whenAcknowledged();
    expect((await serverContent(server.url, room.id, editToken)).strokes).toEqual([]);

    // The budget is what the document holds now, so there is room again.
    addStroke(clearer.doc, { id: 'after-clear', author: 'e', tool: 'pen', width: 0.01, points: points(200) });
    await clearer.provider.whenAcknowledged();
    expect((await serverContent(server.url, room.id, editToken)).strokes.map((s) => s.id)).toEqual(['after-clear']);
    clearer.provider.destroy();
    expect(Y.encodeStateAsUpdate(clearer.doc).byteLength).toBeLessThan(MAX_DOCUMENT_BYTES);
  });
});

describe('an update whose acknowledgement timed out', () => {
  it('is sent again without waiting for a reconnect (a database that stalls, then recovers)', async () => {
    let stalls = 1;
    const slowStore = {
      rooms: db.rooms,
      roomDocuments: {
        load: db.roomDocuments.load,
        compact: db.roomDocuments.compact,
        async appendToRooms(updates: Parameters<typeof db.roomDocuments.appendToRooms>[0]) {
          if (stalls-- > 0) await new Promise((resolve) => setTimeout(resolve, 1500)); // longer than the client waits
          return db.roomDocuments.appendToRooms(updates);
        },
      },
    };
    const httpServer = http.createServer();
    const io = new Server(httpServer, { serveClient: false });
    const realtime = attachRealtime(io, slowStore, createLogger('silent'));
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    try {
      const { room, editToken } = await db.rooms.create();
      const editor = connectClient(url, room.id, editToken, { ackTimeoutMs: 500 });
      await editor.provider.whenSynced();
      const statuses: string[] = [];
      editor.provider.on('status', (status) => statuses.push(status));
      addStroke(editor.doc, { id: 'slow', author: 'e', tool: 'pen', width: 0.01, points: points(3) });
      await editor.provider.whenAcknowledged();
      expect(statuses).toEqual([]); // acknowledged on the same connection
      expect((await serverContent(url, room.id, editToken)).strokes.map((s) => s.id)).toEqual(['slow']);
      editor.provider.destroy();
    } finally {
      await io.close();
      await realtime.close();
    }
  });
});

describe('quotas on realtime connections', () => {
  let limited: RealtimeServer;
  beforeAll(async () => {
    limited = await startRealtimeServer(db, { maxSocketsPerRoom: 4, editorSlots: 2, maxLoadedRooms: 2 }, 0, new Quotas({ ...QUOTAS, socketConnect: { ...QUOTAS.socketConnect, points: 12 } }));
  });
  afterAll(() => limited.close());

  function join(roomId: string, token: string): Promise<RefusalData | 'joined'> {
    const socket = connectSocket(`${limited.url}${REALTIME_NAMESPACE}`, { auth: { roomId, token }, forceNew: true, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once(EVENTS.welcome, () => resolve('joined'));
      socket.once(EVENTS.refused, (refusal: RefusalData) => resolve(refusal));
      socket.once('connect_error', (error: Error & { data?: RefusalData }) => resolve(error.data ?? { code: 'unavailable', message: error.message }));
    });
  }
  const sockets: ReturnType<typeof connectSocket>[] = [];
  afterAll(() => sockets.forEach((socket) => socket.disconnect()));

  it('keep room slots for editors, cap the rooms in memory, and limit connections per address', async () => {
    const { room, editToken, viewToken } = await db.rooms.create();
    expect(await join(room.id, viewToken)).toBe('joined');
    expect(await join(room.id, viewToken)).toBe('joined');
    expect(await join(room.id, viewToken)).toMatchObject({ code: 'room-full' }); // views may fill 2 of the 4 slots
    expect(await join(room.id, editToken)).toBe('joined');
    expect(await join(room.id, editToken)).toBe('joined');
    expect(await join(room.id, editToken)).toMatchObject({ code: 'room-full' });

    const second = await db.rooms.create();
    const third = await db.rooms.create();
    expect(await join(second.room.id, second.editToken)).toBe('joined');
    expect(await join(third.room.id, third.editToken)).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/as many rooms open as it can hold/) });

    // 8 handshakes so far of the 12 allowed per minute from this address.
    const more = [];
    for (let i = 0; i < 5; i++) more.push(await join(second.room.id, second.editToken));
    expect(more.slice(0, 3)).toEqual(['joined', 'joined', 'joined']);
    expect(more[3]).toMatchObject({ code: 'room-full' });
    expect(more[4]).toMatchObject({ code: 'rate-limited', message: expect.stringMatching(/Too many realtime connections.*Retry in \d+ s/) });
  });
});
