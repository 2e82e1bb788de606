'use client';

import { useEffect, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceState } from '@/lib/realtime/presence';
import { NAME_MAX, PRESENCE_COLORS } from './identity';

export interface Peer extends PresenceState {
  clientId: number;
  isSelf: boolean;
}

const MAX_LIVE_POINTS = 3 * 4000;

function isUnit(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

/** Remote awareness states are untrusted: keep what is well-formed, drop the rest. */
export function readPeer(clientId: number, raw: unknown, selfId: number): Peer | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const state = raw as Record<string, unknown>;
  if (typeof state.name !== 'string') return null;
  const cursor = state.cursor as { x?: unknown; y?: unknown } | null | undefined;
  const drawing = state.drawing as PresenceState['drawing'] | undefined;
  const dragging = state.dragging as PresenceState['dragging'] | undefined;
  return {
    clientId,
    isSelf: clientId === selfId,
    name: state.name.slice(0, NAME_MAX) || 'Someone',
    color: typeof state.color === 'string' && PRESENCE_COLORS.includes(state.color) ? state.color : PRESENCE_COLORS[clientId % PRESENCE_COLORS.length]!,
    cursor: cursor && isUnit(cursor.x) && isUnit(cursor.y) ? { x: cursor.x, y: cursor.y } : null,
    drawing:
      drawing &&
      (drawing.tool === 'pen' || drawing.tool === 'eraser') &&
      typeof drawing.width === 'number' &&
      drawing.width > 0 &&
      drawing.width <= 0.25 &&
      Array.isArray(drawing.points) &&
      drawing.points.length <= MAX_LIVE_POINTS &&
      drawing.points.every(isUnit)
        ? { id: String(drawing.id).slice(0, 64), tool: drawing.tool, width: drawing.width, points: drawing.points }
        : null,
    dragging:
      dragging && typeof dragging.attribute === 'string' && typeof dragging.value === 'number' && dragging.value >= -1 && dragging.value <= 1
        ? { attribute: dragging.attribute, value: dragging.value }
        : null,
  };
}

/**
 * Everyone in the room, this browser first. This browser's own cursor and stroke in progress are left
 * out of updates (the canvas draws them itself), so drawing does not re-render the studio.
 */
export function usePeers(awareness: Awareness): Peer[] {
  const [peers, setPeers] = useState<Peer[]>([]);
  useEffect(() => {
    let selfLabel = '';
    const read = (changes?: { added: number[]; updated: number[]; removed: number[] }) => {
      const self = readPeer(awareness.clientID, awareness.getLocalState(), awareness.clientID);
      const label = self ? `${self.name}|${self.color}` : '';
      const onlySelf = changes && [...changes.added, ...changes.updated, ...changes.removed].every((id) => id === awareness.clientID);
      if (onlySelf && label === selfLabel) return;
      selfLabel = label;
      const list: Peer[] = [];
      for (const [clientId, raw] of awareness.getStates()) {
        const peer = readPeer(clientId, raw, awareness.clientID);
        if (peer) list.push(peer);
      }
      list.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
      setPeers(list);
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness]);
  return peers;
}

/** A slider someone else is dragging, and who. */
export interface RemoteDrag {
  attribute: string;
  value: number;
  name: string;
  color: string;
}

export function remoteDrags(peers: Peer[]): RemoteDrag[] {
  return peers.flatMap((peer) => (!peer.isSelf && peer.dragging ? [{ ...peer.dragging, name: peer.name, color: peer.color }] : []));
}

/** Who is here, without where they point: changes only when someone comes, goes or is renamed. */
export function roster(peers: Peer[]): Pick<Peer, 'clientId' | 'name' | 'color' | 'isSelf'>[] {
  return peers.map(({ clientId, name, color, isSelf }) => ({ clientId, name, color, isSelf }));
}

/** The previous value while the new one is equal in JSON, so memoised children skip re-rendering. */
export function useStable<T>(value: T): T {
  const previous = useRef<{ json: string; value: T } | null>(null);
  const json = JSON.stringify(value);
  if (previous.current?.json !== json) previous.current = { json, value };
  return previous.current.value;
}

/**
 * Coalesces this browser's presence changes (cursor moves, the stroke being drawn) into at most one
 * awareness update per frame budget, well under the server's message rate limit.
 */
export class PresencePublisher {
  private pending: Partial<PresenceState> = {};
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly awareness: Awareness,
    private readonly intervalMs = 40,
  ) {}

  set(fields: Partial<PresenceState>, immediately = false): void {
    Object.assign(this.pending, fields);
    if (immediately) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (Object.keys(this.pending).length === 0) return;
    const current = (this.awareness.getLocalState() ?? {}) as Partial<PresenceState>;
    this.awareness.setLocalState({ ...current, ...this.pending });
    this.pending = {};
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
