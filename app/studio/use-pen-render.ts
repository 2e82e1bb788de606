'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Stroke } from '@/lib/doc';
import type { DrawableStroke } from '@/lib/studio/stroke-path';
import { renderSketch } from './sketch-faces';
import type { LiveFace } from './use-face';

/** While the pen is down, the face is rendered at most this often (NVIDIA Canvas does about the same). */
export const PEN_RENDER_INTERVAL_MS = 120;

interface Pending {
  stroke: DrawableStroke;
  /** performance.now() of its newest point. */
  at: number;
}

/**
 * Renders the sketch with the stroke in progress, so the face follows the pen instead of waiting for
 * pen-up. Throttled to one render per PEN_RENDER_INTERVAL_MS with at most one in flight; the newest
 * stroke state wins (states drawn over while a render runs are skipped). The face it gives stays until
 * the room's own face for the finished stroke arrives.
 */
export function usePenRender(model: string | null, strokes: Stroke[], sliders: Record<string, number>, roomFace: LiveFace | null) {
  const [face, setFace] = useState<LiveFace | null>(null);
  const context = useRef({ strokes, sliders });
  context.current = { strokes, sliders };
  const state = useRef({ pending: null as Pending | null, inFlight: false, lastStart: 0, timer: null as ReturnType<typeof setTimeout> | null, drawing: false, generation: 0 });

  const send = useCallback(() => {
    const s = state.current;
    s.timer = null;
    if (s.inFlight || !s.pending || !s.drawing) return;
    const wait = s.lastStart + PEN_RENDER_INTERVAL_MS - performance.now();
    if (wait > 0) {
      s.timer = setTimeout(send, wait);
      return;
    }
    const { stroke, at } = s.pending;
    s.pending = null;
    s.inFlight = true;
    s.lastStart = performance.now();
    const generation = s.generation;
    const { strokes: committed, sliders: committedSliders } = context.current;
    renderSketch([...committed, stroke], committedSliders, model)
      .then((rendered) => {
        // Pen up: the room's face for the finished stroke is on its way and wins.
        if (generation !== state.current.generation || !state.current.drawing) return URL.revokeObjectURL(rendered.url);
        setFace((previous) => {
          if (previous) URL.revokeObjectURL(previous.url);
          return { ...rendered, penLatencyMs: performance.now() - at };
        });
      })
      .catch(() => {}) // offline or busy: the room's face still comes at pen-up
      .finally(() => {
        state.current.inFlight = false;
        if (state.current.pending) send();
      });
  }, [model]);

  /** The canvas reports its stroke in progress (null at pen-up). */
  const update = useCallback(
    (stroke: DrawableStroke | null) => {
      const s = state.current;
      if (!stroke) {
        s.drawing = false;
        s.pending = null;
        return;
      }
      s.drawing = true;
      if (stroke.points.length < 6) return;
      s.pending = { stroke: { tool: stroke.tool, width: stroke.width, points: Array.from(stroke.points) }, at: performance.now() };
      if (!s.inFlight && s.timer === null) send();
    },
    [send],
  );

  // The room's face for the finished sketch replaces the pen's.
  const roomHash = roomFace?.hash;
  useEffect(() => {
    if (state.current.drawing) return;
    state.current.generation++;
    setFace((previous) => {
      if (previous) URL.revokeObjectURL(previous.url);
      return null;
    });
  }, [roomHash]);

  useEffect(
    () => () => {
      if (state.current.timer) clearTimeout(state.current.timer);
    },
    [],
  );

  return { face, update };
}
