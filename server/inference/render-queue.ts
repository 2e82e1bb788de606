/**
 * Cluster mode's renders: a BullMQ queue in Redis between the web nodes, which ask for faces, and the
 * inference workers (`npm run worker`, or a web node's own worker threads), which render them.
 *
 * BullMQ rather than hand-made Redis streams: it already has what this needs and is well kept: a job
 * whose worker dies is found by its expired lock and run again elsewhere (stalled-job recovery), and
 * deduplication with `keepLastIfActive` keeps at most one waiting and one running job per room, the
 * guarantee the single node's LatestWinsScheduler gives. Jobs run in the order rooms asked, so rooms
 * take turns.
 *
 * A job carries only its room id. What to render lives in one Redis hash per room, written atomically
 * by a script (STATE_SCRIPT) that also numbers the request: each web node hosting the room keeps its
 * replica's latest state there (`doc:<node>`, `live:<node>`), and the worker renders the merge of
 * them. Yjs states merge without conflict, so the face shows every change any node had seen when the
 * job started, although each node requested renders only for its own clients' changes (one render per
 * change cluster-wide). The revision is the hash's counter, raised to at least the room's own
 * revision so that a face never looks older than one stored before Redis was emptied.
 *
 * Faces reach every web node through BullMQ's queue events ('completed' carries the job's result).
 */
import { hostname } from 'node:os';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import { roomStateReader } from './room-faces.ts';
import type { InferenceService } from './service.ts';

const QUEUE_NAME = 'renders';
/** A room's render state outlives its last change by this long, then Redis forgets it. */
const STATE_TTL_MS = 10 * 60_000;
/** A worker renews its job's lock every half of this; a job whose lock lapses is run elsewhere. */
const LOCK_MS = 4_000;
const STALLED_CHECK_MS = 2_000;

// KEYS[1]: the room's state hash. ARGV: node id, revision floor, Yjs state, live sliders (JSON), TTL.
const STATE_SCRIPT = `
local revision = tonumber(redis.call('HGET', KEYS[1], 'revision') or '0')
local floor = tonumber(ARGV[2])
if floor > revision then revision = floor end
revision = revision + 1
redis.call('HSET', KEYS[1], 'revision', revision, 'doc:' .. ARGV[1], ARGV[3], 'live:' .. ARGV[1], ARGV[4], 'at:' .. ARGV[1], revision)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return revision`;

export interface RenderedFace {
  roomId: string;
  revision: number;
  png: Uint8Array;
  model: string;
  renderMs: number;
}

/** What a job returns (JSON in Redis). */
interface JobResult {
  roomId: string;
  revision: number;
  png: string;
  model: string;
  renderMs: number;
}

function stateKey(prefix: string, roomId: string): string {
  return `${prefix}:render-state:${roomId}`;
}

/** The web node's side: asks for renders of its clients' changes and hears every face rendered. */
export class RenderRequests {
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly nodeId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  /** Rooms whose request is on its way to Redis, with the newest state asked for meanwhile. */
  private readonly sending = new Map<string, { next: { revisionFloor: number; doc: Y.Doc; live: Record<string, number> } | null }>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    this.queue = new Queue(QUEUE_NAME, { connection: redis, prefix, streams: { events: { maxLen: 1_000 } } });
    this.events = new QueueEvents(QUEUE_NAME, { connection: redis.duplicate(), prefix });
  }

  /**
   * Records the room's latest state as this node sees it and makes sure a render of the room is
   * waiting. Calls for one room made before the last one finished are coalesced (latest wins).
   */
  request(roomId: string, revisionFloor: number, doc: Y.Doc, live: Record<string, number>): void {
    const sending = this.sending.get(roomId);
    if (sending) {
      sending.next = { revisionFloor, doc, live }; // a slider drag asks 60 times a second: send only the newest
      return;
    }
    this.sending.set(roomId, { next: null });
    void this.send(roomId, revisionFloor, doc, live);
  }

  private async send(roomId: string, revisionFloor: number, doc: Y.Doc, live: Record<string, number>): Promise<void> {
    try {
      const state = Buffer.from(Y.encodeStateAsUpdate(doc));
      await this.redis.eval(STATE_SCRIPT, 1, stateKey(this.prefix, roomId), this.nodeId, revisionFloor, state, JSON.stringify(live), STATE_TTL_MS);
      await this.queue.add(
        'room',
        { roomId },
        { deduplication: { id: roomId, keepLastIfActive: true }, removeOnComplete: true, removeOnFail: true, attempts: 3 },
      );
    } catch (error) {
      this.log.warn({ err: error, roomId }, 'asking for a render failed');
    }
    const next = this.sending.get(roomId)?.next;
    if (next) {
      this.sending.set(roomId, { next: null });
      void this.send(roomId, next.revisionFloor, next.doc, next.live);
    } else {
      this.sending.delete(roomId);
    }
  }

  /** Every face rendered in the cluster, in the order they were finished. */
  onFace(listener: (face: RenderedFace) => void): void {
    this.events.on('completed', ({ returnvalue }) => {
      const result = returnvalue as unknown as JobResult | null;
      if (!result) return; // the room's state had expired
      listener({ ...result, png: Buffer.from(result.png, 'base64') });
    });
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }
}

/** The worker's side: renders jobs from the queue on this process's InferenceService. */
export function startRenderWorker(service: InferenceService, redis: Redis, prefix: string, log: Logger): { close(): Promise<void> } {
  const read = roomStateReader();
  const render = async (job: Job<{ roomId: string }>): Promise<JobResult | null> => {
    const { roomId } = job.data;
    const fields = await redis.hgetallBuffer(stateKey(prefix, roomId));
    if (!fields.revision) return null;
    const docs: Uint8Array[] = [];
    let live = '{}';
    let liveAt = -1;
    for (const [field, value] of Object.entries(fields)) {
      if (field.startsWith('doc:')) docs.push(value);
      const node = field.startsWith('live:') ? field.slice('live:'.length) : null;
      const at = node === null ? -1 : Number(fields[`at:${node}`]?.toString());
      if (at > liveAt) [live, liveAt] = [value.toString(), at];
    }
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(docs));
    const face = await service.renderRoomState(read(doc, JSON.parse(live) as Record<string, number>));
    doc.destroy();
    return {
      roomId,
      revision: Number(fields.revision.toString()),
      png: Buffer.from(face.png).toString('base64'),
      model: face.model,
      renderMs: face.timings.totalMs,
    };
  };
  const worker = new Worker(QUEUE_NAME, render, {
    connection: redis,
    prefix,
    name: `${hostname()}:${process.pid}`,
    concurrency: service.health().workers,
    lockDuration: LOCK_MS,
    stalledInterval: STALLED_CHECK_MS,
    maxStalledCount: 5,
  });
  worker.on('failed', (job, error) => log.warn({ err: error, roomId: job?.data.roomId }, 'a render job failed'));
  worker.on('error', (error) => log.warn({ err: error }, 'the render worker lost Redis; retrying'));
  return { close: () => worker.close() };
}
