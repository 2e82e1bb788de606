'use client';

import { useEffect, useState } from 'react';
import type { SketchSnapshot } from '@/lib/studio/history';
import type { DrawableStroke } from '@/lib/studio/stroke-path';
import { apiFetch } from './api';
import { fingerprint, type LiveFace } from './use-face';

/** The body of POST /api/generate for strokes and sliders. */
function generateBody(strokes: readonly DrawableStroke[], sliders: Record<string, number>, model: string | null): string {
  return JSON.stringify({
    strokes: strokes.filter((stroke) => stroke.points.length >= 3).map((stroke) => ({ tool: stroke.tool, width: stroke.width, points: Array.from(stroke.points) })),
    attributes: sliders,
    ...(model ? { model } : {}),
  });
}

/** Renders a sketch that is not the room's current one (an earlier state, a stroke in progress) with the room's model. */
export async function renderSketch(
  strokes: readonly DrawableStroke[],
  sliders: Record<string, number>,
  model: string | null,
  signal?: AbortSignal,
): Promise<LiveFace> {
  const response = await apiFetch('/api/generate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: generateBody(strokes, sliders, model), signal });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const renderMs = Number(response.headers.get('x-render-ms'));
  return {
    url: URL.createObjectURL(new Blob([bytes], { type: 'image/png' })),
    hash: fingerprint(bytes),
    model: response.headers.get('x-model'),
    renderMs: Number.isFinite(renderMs) ? renderMs : null,
  };
}

/** Faces of earlier states, rendered once each and kept while the studio is open. */
export class SnapshotFaces {
  private readonly cache = new Map<string, Promise<LiveFace | null>>();
  constructor(private readonly model: string | null) {}

  get(key: string, snapshot: SketchSnapshot): Promise<LiveFace | null> {
    let face = this.cache.get(key);
    if (!face) {
      face = snapshot.strokes.length === 0 ? Promise.resolve(null) : renderSketch(snapshot.strokes, snapshot.sliders, this.model);
      face.catch(() => this.cache.delete(key)); // a failed render is tried again next time
      this.cache.set(key, face);
    }
    return face;
  }

  dispose(): void {
    for (const face of this.cache.values()) void face.then((value) => value && URL.revokeObjectURL(value.url), () => {});
    this.cache.clear();
  }
}

/** The face of one earlier state (the previous one while it renders; null for an empty sketch). */
export function useSnapshotFace(faces: SnapshotFaces, key: string | null, snapshot: SketchSnapshot | null): LiveFace | null {
  const [face, setFace] = useState<{ key: string; face: LiveFace | null } | null>(null);
  useEffect(() => {
    if (!key || !snapshot) return;
    let current = true;
    faces.get(key, snapshot).then(
      (value) => current && setFace({ key, face: value }),
      () => current && setFace({ key, face: null }),
    );
    return () => {
      current = false;
    };
  }, [faces, key, snapshot]);
  // While the next one renders, the last one stays: a replay does not flash to an empty face.
  return key ? (face?.face ?? null) : null;
}
