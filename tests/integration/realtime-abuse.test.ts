import * as encoding from 'lib0/encoding';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, setSlider } from '../../lib/doc/index.ts';
import {
  EVENTS,
  MESSAGE_LIMITS,
  REALTIME_NAMESPACE,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  encodeSyncMessage,
  type AckResult,
  type RefusalData,
} from '../../lib/realtime/protocol.ts';
import { connectDatabase, type Database } from '../../server/db/database.ts';
import { connectClient, contentOf, seededRandom, serverContent, startRealtimeServer, waitFor, type RealtimeServer } from './realtime-harness.ts';

let db: Database;
let lenient: RealtimeServer; // limits out of the way, to push many bad messages through
let strict: RealtimeServer; // default limits

beforeAll(async () => {
  db = connectDatabase(inject('databaseUrl'));
  lenient = await startRealtimeServer(db, {
    rateLimits: { messagesPerSecond: 1e6, messageBurst: 1e6, bytesPerSecond: 1e9, byteBurst: 1e9 },
    maxRefusalsPerMinute: 1e6,
  });
  strict = await startRealtimeServer(db, { allowedOrigins: ['https://facesketch.example'] });
});

afterAll(async () => {
  await lenient.close();
  await strict.close();
  await db.close();
});

function rawSocket(url: string, auth: object, headers: Record<string, string> = {}): Socket {
  return io(`${url}${REALTIME_NAMESPACE}`, { auth, forceNew: true, transports: ['websocket'], reconnection: false, extraHeaders: headers });
}

function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

function refusedHandshake(socket: Socket): Promise<RefusalData> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected')));
    socket.once('connect_error', (error: Error & { data?: RefusalData }) => resolve(error.data!));
  });
}

function send(socket: Socket, event: string, payload: unknown): Promise<AckResult> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<AckResult>;
}

function updateOf(edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  edit(doc);
  return Y.encodeStateAsUpdate(doc);
}

const points = new Float32Array([0.2, 0.2, 1, 0.8, 0.8, 1]);

/** Bad payloads of every kind a client could send; none of them may change the document. */
function badPayloads(count: number, seed: number): { event: string; payload: unknown }[] {
  const random = seededRandom(seed);
  const bytes = (length: number) => Uint8Array.from({ length }, () => Math.floor(random() * 256));
  const validStroke = updateOf((doc) => addStroke(doc, { id: 'fuzz', author: 'f', tool: 'pen', width: 0.01, points }));
  const unknownRoot = updateOf((doc) => doc.getText('not-in-the-schema-at-all').insert(0, 'hello world'));
  const schemaViolations = [
    unknownRoot,
    updateOf((doc) => doc.getArray('strokes').push([new Y.Map()])),
    updateOf((doc) => doc.getArray('strokes').push([{ id: 'x', author: 'f', tool: 'pen', width: 99, points: new Uint8Array(12) }])),
    updateOf((doc) => doc.getArray('strokes').push(['<script>'])),
    updateOf((doc) => doc.getMap('sliders').set('Smiling', 1e9)),
    updateOf((doc) => doc.getMap('meta').set('title', 'x'.repeat(500))),
  ];
  const makers: (() => { event: string; payload: unknown })[] = [
    () => ({ event: EVENTS.sync, payload: bytes(Math.floor(random() * 64)) }),
    () => ({ event: EVENTS.sync, payload: encodeSyncMessage(SYNC_UPDATE, bytes(1 + Math.floor(random() * 200))) }),
    () => ({ event: EVENTS.sync, payload: encodeSyncMessage(SYNC_STEP2, validStroke.subarray(0, Math.floor(random() * (validStroke.length - 1)))) }),
    () => ({ event: EVENTS.sync, payload: encodeSyncMessage(SYNC_UPDATE, schemaViolations[Math.floor(random() * schemaViolations.length)]!) }),
    () => {
      const flipped = unknownRoot.slice();
      flipped[Math.floor(random() * flipped.length)]! ^= 1 << Math.floor(random() * 8);
      return { event: EVENTS.sync, payload: encodeSyncMessage(SYNC_UPDATE, flipped) };
    },
    () => ({ event: EVENTS.sync, payload: encodeSyncMessage(SYNC_STEP1, bytes(1 + Math.floor(random() * 40))) }),
    () => ({ event: EVENTS.sync, payload: [random(), 'not binary', { update: 1 }, null][Math.floor(random() * 4)] }),
    () => ({ event: EVENTS.awareness, payload: bytes(Math.floor(random() * 64)) }),
    () => ({ event: EVENTS.awareness, payload: new Uint8Array([1, 7, 1, 3, 0x7b, 0x7b, 0x7b]) }), // state '{{{'
  ];
  return Array.from({ length: count }, () => makers[Math.floor(random() * makers.length)]!());
}

describe('bad clients', () => {
  it('10,000 random and malformed payloads are refused to their sender, and change nothing', async () => {
    const { room, editToken } = await db.rooms.create();
    const honest = connectClient(lenient.url, room.id, editToken);
    await honest.provider.whenSynced();
    addStroke(honest.doc, { id: 'before', author: 'h', tool: 'pen', width: 0.02, points });
    setSlider(honest.doc, 'Smiling', 0.4);
    await honest.provider.whenAcknowledged();
    const before = contentOf(honest.doc);
    let honestRefusals = 0;
    honest.provider.on('refused', () => honestRefusals++);

    const attacker = rawSocket(lenient.url, { roomId: room.id, token: editToken });
    await connected(attacker);
    const pushedRefusals: RefusalData[] = [];
    attacker.on(EVENTS.refused, (refusal: RefusalData) => pushedRefusals.push(refusal));
    const results: AckResult[] = [];
    const payloads = badPayloads(10_000, 42);
    for (let i = 0; i < payloads.length; i += 500) {
      results.push(...(await Promise.all(payloads.slice(i, i + 500).map(({ event, payload }) => send(attacker, event, payload)))));
    }

    const refused = results.filter((result) => !result.ok);
    const stateVectorProbes = payloads.filter(({ payload }) => payload instanceof Uint8Array && payload[0] === SYNC_STEP1).length;
    // A random state vector that happens to decode is a harmless question; everything else is refused.
    expect(refused.length).toBeGreaterThanOrEqual(payloads.length - stateVectorProbes);
    expect(new Set(refused.map((result) => !result.ok && result.code))).toEqual(new Set(['malformed', 'invalid-content']));
    expect(pushedRefusals).toEqual([]); // every refusal came back on its ack
    expect(attacker.connected).toBe(true);

    expect(contentOf(honest.doc)).toEqual(before);
    expect(honestRefusals).toBe(0);
    expect(await serverContent(lenient.url, room.id, editToken)).toEqual(before);
    addStroke(honest.doc, { id: 'after', author: 'h', tool: 'pen', width: 0.02, points });
    await honest.provider.whenAcknowledged();
    expect((await serverContent(lenient.url, room.id, editToken)).strokes.map((s) => s.id)).toEqual(['before', 'after']);
    attacker.disconnect();
    honest.provider.destroy();
  });

  it('a view link receives everything and changes nothing', async () => {
    const { room, editToken, viewToken } = await db.rooms.create();
    const editor = connectClient(strict.url, room.id, editToken);
    const viewer = connectClient(strict.url, room.id, viewToken);
    await Promise.all([editor.provider.whenSynced(), viewer.provider.whenSynced()]);
    expect(viewer.provider.capability).toBe('view');
    const refusals: RefusalData[] = [];
    viewer.provider.on('refused', (refusal) => refusals.push(refusal));

    addStroke(editor.doc, { id: 'by-editor', author: 'e', tool: 'pen', width: 0.02, points });
    await editor.provider.whenAcknowledged();
    await waitFor(() => contentOf(viewer.doc).strokes.length === 1, 'the viewer to receive the stroke');

    addStroke(viewer.doc, { id: 'by-viewer', author: 'v', tool: 'pen', width: 0.02, points });
    setSlider(viewer.doc, 'Smiling', 1);
    const attacker = rawSocket(strict.url, { roomId: room.id, token: viewToken });
    await connected(attacker);
    const stroke = updateOf((doc) => addStroke(doc, { id: 'forced', author: 'v', tool: 'pen', width: 0.02, points }));
    expect(await send(attacker, EVENTS.sync, encodeSyncMessage(SYNC_UPDATE, stroke))).toMatchObject({ ok: false, code: 'read-only' });
    expect(await send(attacker, EVENTS.sync, encodeSyncMessage(SYNC_STEP2, stroke))).toMatchObject({ ok: false, code: 'read-only' });
    // A reconnect would carry the viewer's local edits in its step 2 if it were allowed to.
    viewer.provider.socket.io.engine?.close();
    await viewer.provider.whenSynced();

    const server = await serverContent(strict.url, room.id, editToken);
    expect(server.strokes.map((s) => s.id)).toEqual(['by-editor']);
    expect(server.sliders).toEqual({});
    expect(contentOf(editor.doc)).toEqual(server);
    attacker.disconnect();
    editor.provider.destroy();
    viewer.provider.destroy();
  });

  it('refuses bad tokens, bad handshakes and foreign origins before joining', async () => {
    const { room, editToken } = await db.rooms.create();
    expect(await refusedHandshake(rawSocket(strict.url, { roomId: room.id, token: 'wrong' }))).toMatchObject({ code: 'unauthorized' });
    expect(await refusedHandshake(rawSocket(strict.url, { roomId: 'nope', token: editToken }))).toMatchObject({ code: 'unauthorized' });
    expect(await refusedHandshake(rawSocket(strict.url, { room: room.id }))).toMatchObject({ code: 'bad-handshake' });
    const foreign = rawSocket(strict.url, { roomId: room.id, token: editToken }, { origin: 'https://evil.example' });
    expect(await refusedHandshake(foreign)).toMatchObject({ code: 'bad-origin' });
    const allowed = rawSocket(strict.url, { roomId: room.id, token: editToken }, { origin: 'https://facesketch.example' });
    await connected(allowed);
    allowed.disconnect();

    const denied = connectClient(strict.url, room.id, 'wrong');
    await waitFor(() => denied.provider.status === 'denied', 'the provider to give up');
    denied.provider.destroy();
  });

  it('refuses oversized messages, rate-limits floods and disconnects sockets that keep at it', async () => {
    const { room, editToken } = await db.rooms.create();
    const socket = rawSocket(strict.url, { roomId: room.id, token: editToken });
    await connected(socket);
    const oversized = encodeSyncMessage(SYNC_UPDATE, new Uint8Array(MESSAGE_LIMITS.syncBytes + 1));
    expect(await send(socket, EVENTS.sync, oversized)).toMatchObject({ ok: false, code: 'too-large' });
    expect(await send(socket, EVENTS.awareness, new Uint8Array(MESSAGE_LIMITS.awarenessBytes + 1))).toMatchObject({ ok: false, code: 'too-large' });

    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const flood = Array.from({ length: 1000 }, () => send(socket, EVENTS.sync, encodeSyncMessage(SYNC_STEP1, new Uint8Array([0]))).catch(() => null));
    const results = await Promise.all(flood);
    expect(results.some((result) => result !== null && !result.ok && result.code === 'rate-limited')).toBe(true);
    expect(await disconnected).toBe('io server disconnect');
  });

  it('keeps one connection from speaking for another’s presence', async () => {
    const { room, editToken } = await db.rooms.create();
    const alice = connectClient(strict.url, room.id, editToken);
    alice.provider.awareness.setLocalState({ name: 'Alice' });
    await alice.provider.whenSynced();
    const mallory = connectClient(strict.url, room.id, editToken);
    await mallory.provider.whenSynced();
    await waitFor(() => mallory.provider.awareness.getStates().get(alice.doc.clientID)?.name === 'Alice', 'presence');

    const attacker = rawSocket(strict.url, { roomId: room.id, token: editToken });
    await connected(attacker);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, alice.doc.clientID);
    encoding.writeVarUint(encoder, alice.provider.awareness.meta.get(alice.doc.clientID)!.clock + 1); // would win if accepted
    encoding.writeVarString(encoder, JSON.stringify({ name: 'Mallory' }));
    const forged = encoding.toUint8Array(encoder);
    expect(await send(attacker, EVENTS.awareness, forged)).toMatchObject({ ok: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mallory.provider.awareness.getStates().get(alice.doc.clientID)?.name).toBe('Alice');
    attacker.disconnect();
    alice.provider.destroy();
    mallory.provider.destroy();
  });
});
