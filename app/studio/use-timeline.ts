'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import { readSnapshot, type CheckpointJson, type CheckpointRequest, type HistoryJson, type SketchSnapshot } from '@/lib/studio/history';
import { authorization } from '@/lib/studio/faces';
import { apiFetch } from './api';

/** How often an open timeline looks for new checkpoints (the server writes one after each pause). */
const REFRESH_MS = 4000;

export interface Timeline {
  checkpoints: CheckpointJson[];
  error: string | null;
  refresh(): Promise<void>;
  /** The document at a checkpoint (fetched once). */
  state(id: string): Promise<Uint8Array>;
  snapshot(id: string): Promise<SketchSnapshot>;
  /** Asks the server to record the room now (before a Clear, on save); resolves either way. */
  record(request: CheckpointRequest): Promise<void>;
}

/** The room's timeline (lib/studio/history.ts), refreshed while `watching`. */
export function useTimeline(roomId: string, token: string, watching: boolean): Timeline {
  const [checkpoints, setCheckpoints] = useState<CheckpointJson[]>([]);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/rooms/${encodeURIComponent(roomId)}/history`;
  const states = useMemo(() => new Map<string, Promise<Uint8Array>>(), []);

  const refresh = useCallback(async () => {
    try {
      const response = await apiFetch(base, { headers: authorization(token) });
      setCheckpoints(((await response.json()) as HistoryJson).checkpoints);
      setError(null);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, [base, token]);

  useEffect(() => {
    if (!watching) return;
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [watching, refresh]);

  const state = useCallback(
    (id: string) => {
      let bytes = states.get(id);
      if (!bytes) {
        bytes = apiFetch(`${base}/${encodeURIComponent(id)}`, { headers: authorization(token) }).then(async (response) => new Uint8Array(await response.arrayBuffer()));
        bytes.catch(() => states.delete(id));
        states.set(id, bytes);
      }
      return bytes;
    },
    [base, token, states],
  );

  const snapshot = useCallback(async (id: string) => readSnapshot(await state(id)), [state]);

  const record = useCallback(
    async (request: CheckpointRequest) => {
      try {
        await apiFetch(base, { method: 'POST', headers: { 'content-type': 'application/json', ...authorization(token) }, body: JSON.stringify(request) });
        if (watching) await refresh();
      } catch {
        // Offline or refused: the pause checkpoints still cover the room.
      }
    },
    [base, token, watching, refresh],
  );

  return { checkpoints, error, refresh, state, snapshot, record };
}
