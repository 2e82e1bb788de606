'use client';

import { useEffect, useState } from 'react';
import type { FaceMessage } from '@/lib/realtime/protocol';
import type { RoomProvider } from '@/lib/realtime/provider';

export interface LiveFace {
  /** An object URL of the PNG. */
  url: string;
  /** A short fingerprint of the PNG bytes: equal faces have equal hashes (tests compare them). */
  hash: string;
  model: string | null;
  renderMs: number | null;
  /** Rendered from a stroke still being drawn: from the pointer event of its newest point to this face. */
  penLatencyMs?: number;
}

/** FNV-1a over the bytes: cheap, and enough to tell two faces apart. */
export function fingerprint(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** How long "rendering" may show without an answer before we stop claiming it (e.g. no model served). */
const RENDERING_TIMEOUT_MS = 6000;

/**
 * The room's latest face and whether a newer one is on its way: any change to the document or to a
 * live slider drag starts "rendering", the next face ends it.
 */
export function useLiveFace(provider: RoomProvider): { face: LiveFace | null; rendering: boolean } {
  const [face, setFace] = useState<LiveFace | null>(null);
  const [rendering, setRendering] = useState(false);

  useEffect(() => {
    let current: string | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const show = (message: FaceMessage) => {
      const url = URL.createObjectURL(new Blob([new Uint8Array(message.png)], { type: 'image/png' }));
      if (current) URL.revokeObjectURL(current);
      current = url;
      setFace({ url, hash: fingerprint(message.png), model: message.meta?.model ?? null, renderMs: message.meta?.renderMs ?? null });
      setRendering(false);
      if (timer) clearTimeout(timer);
    };
    const pending = () => {
      if (!provider.synced) return; // the initial sync changes nothing the shown face does not already show
      setRendering(true);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setRendering(false), RENDERING_TIMEOUT_MS);
    };
    let dragSignature = '';
    const onAwareness = () => {
      const drags = [...provider.awareness.getStates().values()]
        .map((state) => JSON.stringify((state as { dragging?: unknown }).dragging ?? null))
        .join('|');
      if (drags !== dragSignature) {
        dragSignature = drags;
        if (drags.replaceAll('null', '').replaceAll('|', '') !== '') pending();
      }
    };
    if (provider.face) show(provider.face);
    provider.on('face', show);
    provider.doc.on('update', pending);
    provider.awareness.on('change', onAwareness);
    return () => {
      provider.off('face', show);
      provider.doc.off('update', pending);
      provider.awareness.off('change', onAwareness);
      if (timer) clearTimeout(timer);
      if (current) URL.revokeObjectURL(current);
    };
  }, [provider]);

  return { face, rendering };
}
