import { describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { addStroke, readStrokes } from '../../lib/doc/index.ts';
import { SYNC_UPDATE, decodeSyncMessage, encodeSyncMessage } from '../../lib/realtime/protocol.ts';
import { Refusal } from '../../server/realtime/errors.ts';
import { Room, type RoomPeers, type RoomStorage } from '../../server/realtime/room.ts';
import type { RoomTransport } from '../../server/realtime/transport.ts';

/** Records what the room sends, as "to:event" lines ("*-except" for broadcasts). */
class FakeTransport implements RoomTransport {
  readonly sent: { to: string; event: string; payload: unknown }[] = [];
  readonly closed: string[] = [];
  send(socketId: string, event: string, payload: unknown) {
    this.sent.push({ to: socketId, event, payload });
  }
  broadcast(event: string, payload: unknown, exceptSocketId?: string) {
    this.sent.push({ to: exceptSocketId === undefined ? '*' : `*-${exceptSocketId}`, event, payload });
  }
  close(socketId: string) {
    this.closed.push(socketId);
  }
  lines(): string[] {
    return this.sent.map(({ to, event }) => `${to}:${event}`);
  }
}

/** Appends become durable only when the test says so. */
class FakeStorage implements RoomStorage {
  readonly stored: Uint8Array[] = [];
  private waiting: (() => void)[] = [];
  private last: Promise<void> = Promise.resolve();
  closed = false;
  append(update: Uint8Array): Promise<void> {
    this.last = new Promise((resolve) => this.waiting.push(() => (this.stored.push(update), resolve())));
    return this.last;
  }
  flushed(): Promise<void> {
    return this.last;
  }
  commit(): void {
    this.waiting.splice(0).forEach((commit) => commit());
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

class FakePeers implements RoomPeers {
  readonly updates: Uint8Array[] = [];
  readonly awareness: Uint8Array[] = [];
  shareUpdate(update: Uint8Array) {
    this.updates.push(update);
  }
  shareAwareness(update: Uint8Array) {
    this.awareness.push(update);
  }
}

const points = new Float32Array([0.1, 0.1, 1, 0.9, 0.9, 1]);

function strokeUpdate(id: string): Uint8Array {
  const doc = new Y.Doc();
  addStroke(doc, { id, author: 'x', tool: 'pen', width: 0.01, points });
  return Y.encodeStateAsUpdate(doc);
}

const syncUpdate = (update: Uint8Array) => encodeSyncMessage(SYNC_UPDATE, update);

function makeRoom() {
  const transport = new FakeTransport();
  const storage = new FakeStorage();
  const peers = new FakePeers();
  const changes: number[] = [];
  const room = new Room(
    'room1',
    { doc: new Y.Doc(), documentBytes: 0, revision: 0, face: null },
    {
      transport,
      storage,
      peers,
      limits: { maxDocumentBytes: 1024 * 1024, maxClientIdsPerSocket: 2 },
      hooks: { onRoomChanged: (_roomId, revision) => changes.push(revision) },
    },
  );
  return { room, transport, storage, peers, changes };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true), () => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
};

describe('Room', () => {
  it('welcomes a joining client with the document state, presence and the latest face', () => {
    const { room, transport } = makeRoom();
    room.showFace({ revision: 1, png: new Uint8Array([1]) });
    room.join('a', 'edit');
    expect(transport.lines()).toEqual(['*:face', 'a:welcome', 'a:sync', 'a:face']);
    expect(transport.sent[1]!.payload).toEqual({ roomId: 'room1', capability: 'edit' });
  });

  it("shows a client's update to the others at once, acknowledges it once stored, and relays it to other nodes only then", async () => {
    const { room, transport, storage, peers, changes } = makeRoom();
    room.join('a', 'edit');
    room.join('b', 'edit');
    transport.sent.length = 0;
    const update = strokeUpdate('s1');
    const acked = room.receiveSync('a', 'edit', syncUpdate(update));

    expect(transport.lines()).toEqual(['*-a:sync']);
    expect(decodeSyncMessage(transport.sent[0]!.payload as Uint8Array).payload).toEqual(update);
    expect(changes).toEqual([1]);
    expect(await settled(acked)).toBe(false);
    expect(peers.updates).toEqual([]);

    storage.commit();
    await acked;
    expect(storage.stored).toEqual([update]);
    expect(peers.updates).toEqual([update]);
  });

  it('acknowledges a duplicate without storing it again, but not before the first copy is stored', async () => {
    const { room, storage, peers } = makeRoom();
    room.join('a', 'edit');
    const update = strokeUpdate('s1');
    const first = room.receiveSync('a', 'edit', syncUpdate(update));
    const again = room.receiveSync('a', 'edit', syncUpdate(update));
    expect(await settled(again)).toBe(false);
    storage.commit();
    await Promise.all([first, again]);
    expect(storage.stored).toHaveLength(1);
    expect(peers.updates).toHaveLength(1);
  });

  it('refuses updates from a view-only link and tells nobody', async () => {
    const { room, transport, storage } = makeRoom();
    room.join('v', 'view');
    transport.sent.length = 0;
    await expect(room.receiveSync('v', 'view', syncUpdate(strokeUpdate('s1')))).rejects.toMatchObject({ code: 'read-only' });
    expect(transport.sent).toEqual([]);
    expect(storage.stored).toEqual([]);
    expect(readStrokes(room.doc)).toEqual([]);
  });

  it("shows another node's update to every client here without storing, relaying or rendering it", () => {
    const { room, transport, storage, peers, changes } = makeRoom();
    room.join('a', 'edit');
    transport.sent.length = 0;
    room.applyDurable(strokeUpdate('remote'), 'remote');
    expect(transport.lines()).toEqual(['*:sync']);
    expect(readStrokes(room.doc).map((stroke) => stroke.id)).toEqual(['remote']);
    expect([storage.stored, peers.updates, changes]).toEqual([[], [], []]);
  });

  it('renders an update read back from storage (no node may have rendered it), and ignores one it already has', () => {
    const { room, transport, changes } = makeRoom();
    const update = strokeUpdate('caught-up');
    room.applyDurable(update, 'server');
    room.applyDurable(update, 'server');
    expect(transport.lines()).toEqual(['*:sync']);
    expect(changes).toEqual([1]);
  });

  it('relays presence from its own clients, not presence relayed to it, and keeps client ids to their connection', () => {
    const { room, transport, peers } = makeRoom();
    room.join('a', 'edit');
    room.join('b', 'edit');
    transport.sent.length = 0;
    const alice = new Awareness(new Y.Doc());
    alice.setLocalState({ name: 'Alice' });
    const aliceUpdate = encodeAwarenessUpdate(alice, [alice.clientID]);
    room.receiveAwareness('a', 'edit', aliceUpdate);
    expect(transport.lines()).toEqual(['*-a:awareness']);
    expect(peers.awareness).toHaveLength(1);

    expect(() => room.receiveAwareness('b', 'edit', aliceUpdate)).toThrow(Refusal);

    const bob = new Awareness(new Y.Doc());
    bob.setLocalState({ name: 'Bob' });
    room.applyRemoteAwareness(encodeAwarenessUpdate(bob, [bob.clientID]));
    expect(transport.lines()).toEqual(['*-a:awareness', '*:awareness']);
    expect(peers.awareness).toHaveLength(1);
    expect(room.awareness.getStates().get(bob.clientID)).toEqual({ name: 'Bob' });

    room.leave('a');
    expect(room.awareness.getStates().has(alice.clientID)).toBe(false);
    expect(peers.awareness).toHaveLength(2); // the removal is this node's to tell
  });

  it('renders a slider drag from its own clients, not one relayed by another node', () => {
    const { room, changes } = makeRoom();
    room.join('a', 'edit');
    const dragging = (value: number) => {
      const awareness = new Awareness(new Y.Doc());
      awareness.setLocalState({ dragging: { attribute: 'Smiling', value } });
      return encodeAwarenessUpdate(awareness, [awareness.clientID]);
    };
    room.receiveAwareness('a', 'edit', dragging(0.5));
    expect(changes).toEqual([1]);
    room.applyRemoteAwareness(dragging(-0.5));
    expect(changes).toEqual([1]);
    expect(room.revision).toBe(2);
  });

  it('keeps the newest face only', () => {
    const { room, transport } = makeRoom();
    expect(room.showFace({ revision: 5, png: new Uint8Array([5]) })).toBe(true);
    expect(room.showFace({ revision: 4, png: new Uint8Array([4]) })).toBe(false);
    expect(room.face?.revision).toBe(5);
    expect(transport.lines()).toEqual(['*:face']);
  });

  it('disconnects the clients still in it and closes its storage when closed', async () => {
    const { room, transport, storage } = makeRoom();
    room.join('a', 'edit');
    await room.close();
    expect(transport.closed).toEqual(['a']);
    expect(storage.closed).toBe(true);
  });
});
