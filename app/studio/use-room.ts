'use client';

import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { readMeta, readSliders, readStrokes, strokesOf, slidersOf, metaOf, type RoomMeta, type Stroke } from '@/lib/doc';
import { RoomProvider, type ConnectionStatus } from '@/lib/realtime/provider';
import type { Capability, RefusalData } from '@/lib/realtime/protocol';

/** The origin of this browser's own edits: the undo manager tracks exactly these. */
export const LOCAL_ORIGIN = 'facesketch-local';

export interface RoomSession {
  doc: Y.Doc;
  provider: RoomProvider;
  undo: Y.UndoManager;
}

/** One document and connection per mounted room; torn down on unmount. */
export function useRoomSession(roomId: string, token: string | null): RoomSession | null {
  const [session, setSession] = useState<RoomSession | null>(null);
  useEffect(() => {
    if (!token) return;
    const doc = new Y.Doc();
    const provider = new RoomProvider({ roomId, token, doc });
    // Sliders are in scope too, so restoring a checkpoint (strokes and sliders, one change) undoes whole.
    const undo = new Y.UndoManager([strokesOf(doc), slidersOf(doc)], { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 });
    setSession({ doc, provider, undo });
    return () => {
      setSession(null);
      undo.destroy();
      provider.destroy();
      doc.destroy();
    };
  }, [roomId, token]);
  return session;
}

/** Re-reads `read()` whenever `subscribe` reports a change. */
/** `deps` must list what `read` and `subscribe` close over. */
function useDerived<T>(read: () => T, subscribe: (changed: () => void) => () => void, deps: unknown[]): T {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const changed = () => setValue(read());
    changed();
    return subscribe(changed);
  }, deps);
  return value;
}

export function useStrokes(doc: Y.Doc): Stroke[] {
  return useDerived(
    () => readStrokes(doc),
    (changed) => {
      const strokes = strokesOf(doc);
      strokes.observe(changed);
      return () => strokes.unobserve(changed);
    },
    [doc],
  );
}

export function useSliders(doc: Y.Doc): Record<string, number> {
  return useDerived(
    () => readSliders(doc),
    (changed) => {
      const sliders = slidersOf(doc);
      sliders.observe(changed);
      return () => sliders.unobserve(changed);
    },
    [doc],
  );
}

export function useMeta(doc: Y.Doc): RoomMeta {
  return useDerived(
    () => readMeta(doc),
    (changed) => {
      const meta = metaOf(doc);
      meta.observe(changed);
      return () => meta.unobserve(changed);
    },
    [doc],
  );
}

export interface ConnectionState {
  status: ConnectionStatus;
  synced: boolean;
  /** Null until the server's welcome. */
  capability: Capability | null;
  /** Local edits the server has not yet confirmed as saved. */
  unacknowledged: number;
  /** The last refusal from the server, for an error message. */
  refusal: RefusalData | null;
}

export function useConnection(provider: RoomProvider): ConnectionState {
  const [refusal, setRefusal] = useState<RefusalData | null>(null);
  useEffect(() => {
    const onRefused = (value: RefusalData) => setRefusal(value);
    provider.on('refused', onRefused);
    return () => provider.off('refused', onRefused);
  }, [provider]);
  const state = useDerived(
    () => ({ status: provider.status, synced: provider.synced, capability: provider.capability, unacknowledged: provider.unacknowledged }),
    (changed) => {
      provider.on('status', changed);
      provider.on('synced', changed);
      provider.on('unacknowledged', changed);
      return () => {
        provider.off('status', changed);
        provider.off('synced', changed);
        provider.off('unacknowledged', changed);
      };
    },
    [provider],
  );
  return { ...state, refusal };
}

export interface UndoState {
  canUndo: boolean;
  canRedo: boolean;
}

export function useUndoState(undo: Y.UndoManager): UndoState {
  return useDerived(
    () => ({ canUndo: undo.canUndo(), canRedo: undo.canRedo() }),
    (changed) => {
      const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
      for (const event of events) undo.on(event, changed);
      return () => {
        for (const event of events) undo.off(event, changed);
      };
    },
    [undo],
  );
}
