import { ObservableV2 } from 'lib0/observable';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Backoff } from './backoff.ts';
import {
  EVENTS,
  REALTIME_NAMESPACE,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  asBytes,
  decodeSyncMessage,
  encodeSyncMessage,
  type AckResult,
  type Capability,
  type FaceMessage,
  type HandshakeAuth,
  type RefusalCode,
  type RefusalData,
  type WelcomeMessage,
} from './protocol.ts';

/**
 * connecting: (re)trying to reach the room. connected: joined; see `synced` for the initial state.
 * offline: the connection dropped; retrying with backoff, local edits are kept. denied: the server
 * refused the handshake for good (bad token, bad origin). closed: disconnect() or destroy() was called.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'offline' | 'denied' | 'closed';

export type ProviderEvents = {
  status: (status: ConnectionStatus) => void;
  /** True once the server's full state has been applied after a (re)connect. */
  synced: (synced: boolean) => void;
  /** How many local updates the server has not yet acknowledged as durable. */
  unacknowledged: (count: number) => void;
  face: (face: FaceMessage) => void;
  /** The server refused a message or the handshake; the document is unchanged on the server. */
  refused: (refusal: RefusalData) => void;
};

export interface RoomProviderOptions {
  roomId: string;
  token: string;
  doc: Y.Doc;
  /** Server origin, e.g. http://localhost:3000; omit in the browser to use the page's origin. */
  url?: string;
  awareness?: Awareness;
  /** How long to wait for the server to acknowledge an update before counting on the next resync. */
  ackTimeoutMs?: number;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** Passed to socket.io-client (e.g. `transports: ['websocket']`, `extraHeaders` in Node). */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  /** Start connecting at once (default true). */
  connect?: boolean;
}

const PERMANENT_REFUSALS: readonly RefusalCode[] = ['bad-handshake', 'bad-origin', 'unauthorized'];
const RETRYABLE_ACK_REFUSALS: readonly RefusalCode[] = ['rate-limited', 'unavailable'];

/**
 * Connects one Y.Doc (and optionally an Awareness) to one room; works in the browser and in Node.
 *
 * Every local update is kept until the server acknowledges it as durable. While connected it is sent
 * at once; after a reconnect the server's sync step 1 is answered with everything the server lacks,
 * which covers edits made offline and updates the server may have lost in a crash. When that answer
 * is acknowledged, every update made before it is durable, so the kept ones are dropped.
 */
export class RoomProvider extends ObservableV2<ProviderEvents> {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly roomId: string;
  readonly socket: Socket;

  status: ConnectionStatus = 'connecting';
  synced = false;
  capability: Capability | null = null;
  face: FaceMessage | null = null;

  private readonly ownsAwareness: boolean;
  private readonly ackTimeoutMs: number;
  private readonly unacked = new Map<number, Uint8Array>();
  private localSeq = 0;
  /** Set once the server's step 1 has been answered on this connection: from then on, send live. */
  private answeredServerStep1 = false;
  private readonly backoff: Backoff;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private resendTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: RoomProviderOptions) {
    super();
    this.doc = options.doc;
    this.roomId = options.roomId;
    this.awareness = options.awareness ?? new Awareness(options.doc);
    this.ownsAwareness = options.awareness === undefined;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 15_000;
    const reconnectDelayMs = options.reconnectDelayMs ?? 500;
    const reconnectDelayMaxMs = options.reconnectDelayMaxMs ?? 10_000;
    this.backoff = new Backoff(reconnectDelayMs, reconnectDelayMaxMs);
    const auth: HandshakeAuth = { roomId: options.roomId, token: options.token };
    this.socket = io(`${options.url ?? ''}${REALTIME_NAMESPACE}`, {
      auth,
      autoConnect: false,
      forceNew: true,
      reconnectionDelay: reconnectDelayMs,
      reconnectionDelayMax: reconnectDelayMaxMs,
      randomizationFactor: 0.5,
      ...options.socketOptions,
    });
    this.listen();
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    globalThis.addEventListener?.('online', this.onNetworkBack);
    if (options.connect ?? true) this.connect();
  }

  get unacknowledged(): number {
    return this.unacked.size;
  }

  connect(): void {
    this.clearRetry();
    this.setStatus('connecting');
    this.socket.connect();
  }

  /**
   * Leaves the room (the server drops this client's presence); local edits made meanwhile are kept
   * and sent on the next connect().
   */
  disconnect(): void {
    this.clearRetry();
    this.socket.disconnect();
    this.goOffline('closed');
  }

  /**
   * Retries at once instead of waiting out the backoff, which after a long outage can be seconds: for
   * when the network is known to be back (the browser's online event).
   */
  reconnectNow(): void {
    if (this.status === 'connected' || this.status === 'denied' || this.status === 'closed') return;
    this.clearRetry();
    this.backoff.reset();
    this.socket.disconnect(); // ends socket.io's own backoff wait; its 'io client disconnect' is ignored below
    this.setStatus('connecting');
    this.socket.connect();
  }

  private readonly onNetworkBack = (): void => this.reconnectNow();

  override destroy(): void {
    globalThis.removeEventListener?.('online', this.onNetworkBack);
    this.disconnect();
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    if (this.ownsAwareness) this.awareness.destroy();
    super.destroy();
  }

  whenSynced(): Promise<void> {
    return this.waitFor('synced', () => this.synced);
  }

  /** Resolves once every local update so far is durable on the server. */
  whenAcknowledged(): Promise<void> {
    return this.waitFor('unacknowledged', () => this.unacked.size === 0);
  }

  private waitFor(event: 'synced' | 'unacknowledged', done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        this.off(event, check);
        resolve();
      };
      this.on(event, check);
    });
  }

  private listen(): void {
    const socket = this.socket;
    socket.on('connect', () => {
      this.answeredServerStep1 = false;
      this.setStatus('connected');
      this.send(encodeSyncMessage(SYNC_STEP1, Y.encodeStateVector(this.doc)), () => {});
      const local = this.awareness.getLocalState();
      if (local !== null) this.sendAwareness(encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.goOffline('offline');
      // The server closed this socket on purpose (e.g. too many refused messages): socket.io does not
      // retry those, so back off and retry here.
      if (reason === 'io server disconnect') this.scheduleRetry();
    });
    socket.on('connect_error', (error: Error & { data?: RefusalData }) => {
      if (socket.active) {
        this.setStatus('offline');
        return; // transport-level failure: socket.io retries with its own backoff
      }
      const refusal = error.data ?? { code: 'unavailable', message: error.message };
      this.emit('refused', [refusal]);
      if (PERMANENT_REFUSALS.includes(refusal.code)) {
        this.setStatus('denied');
      } else {
        this.setStatus('offline');
        this.scheduleRetry();
      }
    });
    socket.on(EVENTS.welcome, (welcome: WelcomeMessage) => {
      this.capability = welcome.capability;
    });
    socket.on(EVENTS.sync, (data: unknown) => this.receiveSync(data));
    socket.on(EVENTS.awareness, (data: unknown) => {
      const bytes = asBytes(data);
      if (bytes) applyAwarenessUpdate(this.awareness, bytes, this);
    });
    socket.on(EVENTS.face, (face: FaceMessage) => {
      const png = asBytes(face.png);
      if (!png) return;
      this.face = { ...face, png };
      this.emit('face', [this.face]);
    });
    socket.on(EVENTS.refused, (refusal: RefusalData) => this.emit('refused', [refusal]));
  }

  private receiveSync(data: unknown): void {
    const bytes = asBytes(data);
    if (!bytes) return;
    const message = decodeSyncMessage(bytes);
    if (message.type === SYNC_STEP1) {
      this.answerServerStep1(message.payload);
      return;
    }
    Y.applyUpdate(this.doc, message.payload, this);
    if (message.type === SYNC_STEP2) {
      this.backoff.reset();
      this.setSynced(true);
    }
  }

  private answerServerStep1(serverStateVector: Uint8Array): void {
    this.answeredServerStep1 = true;
    if (this.capability !== 'edit') return;
    const coveredUpTo = this.localSeq;
    const missing = Y.encodeStateAsUpdate(this.doc, serverStateVector);
    this.send(encodeSyncMessage(SYNC_STEP2, missing), (result) => {
      if (result.ok) this.acknowledge((seq) => seq <= coveredUpTo);
    });
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this) return;
    const seq = ++this.localSeq;
    this.unacked.set(seq, update);
    this.emit('unacknowledged', [this.unacked.size]);
    if (this.socket.connected && this.answeredServerStep1 && this.capability === 'edit') {
      this.send(encodeSyncMessage(SYNC_UPDATE, update), (result) => {
        if (result.ok) this.acknowledge((s) => s === seq);
      });
    }
  };

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin !== 'local') return;
    const own = [...changes.added, ...changes.updated, ...changes.removed].filter((id) => id === this.doc.clientID);
    if (own.length > 0) this.sendAwareness(encodeAwarenessUpdate(this.awareness, own));
  };

  private send(message: Uint8Array, onResult: (result: AckResult) => void): void {
    if (!this.socket.connected) return;
    this.socket.timeout(this.ackTimeoutMs).emit(EVENTS.sync, message, (error: Error | null, result: AckResult) => {
      if (error) {
        // No answer in time (e.g. the server's database was down): send what is still unacknowledged again.
        this.scheduleResend();
        return;
      }
      if (!result.ok) this.handleRefusedUpdate(result);
      onResult(result);
    });
  }

  private handleRefusedUpdate(refusal: RefusalData): void {
    this.emit('refused', [refusal]);
    if (RETRYABLE_ACK_REFUSALS.includes(refusal.code)) this.scheduleResend();
  }

  /** Sends every kept update again, merged into one, after a pause. */
  private scheduleResend(): void {
    if (this.resendTimer !== null) return;
    this.resendTimer = setTimeout(() => {
      this.resendTimer = null;
      if (this.unacked.size === 0 || !this.answeredServerStep1) return;
      const coveredUpTo = this.localSeq;
      this.send(encodeSyncMessage(SYNC_UPDATE, Y.mergeUpdates([...this.unacked.values()])), (result) => {
        if (result.ok) this.acknowledge((seq) => seq <= coveredUpTo);
      });
    }, this.backoff.next());
  }

  private acknowledge(covered: (seq: number) => boolean): void {
    for (const seq of this.unacked.keys()) if (covered(seq)) this.unacked.delete(seq);
    this.emit('unacknowledged', [this.unacked.size]);
  }

  private sendAwareness(update: Uint8Array): void {
    if (this.socket.connected) this.socket.emit(EVENTS.awareness, update);
  }

  private goOffline(status: ConnectionStatus): void {
    this.answeredServerStep1 = false;
    this.setSynced(false);
    const remote = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
    removeAwarenessStates(this.awareness, remote, this);
    this.setStatus(status);
  }

  private scheduleRetry(): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.setStatus('connecting');
      this.socket.connect();
    }, this.backoff.next());
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.resendTimer !== null) clearTimeout(this.resendTimer);
    this.resendTimer = null;
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', [status]);
  }

  private setSynced(synced: boolean): void {
    if (this.synced === synced) return;
    this.synced = synced;
    this.emit('synced', [synced]);
  }
}
