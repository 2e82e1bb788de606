'use client';

import { useSyncExternalStore } from 'react';
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
 * the room's own face for the finished stroke arrives. An external store: only the face re-renders
 * when a pen face arrives, not the whole studio.
 */
export class PenRenderer {
  /** What the stroke in progress is drawn on: set by the studio on every render. */
  context: { strokes: Stroke[]; sliders: Record<string, number>; model: string | null } = { strokes: [], sliders: {}, model: null };
  private face: LiveFace | null = null;
  private readonly listeners = new Set<() => void>();
  private pending: Pending | null = null;
  private inFlight = false;
  private lastStart = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private drawing = false;
  private roomHash: string | null = null;

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = () => this.face;

  /** The canvas reports its stroke in progress (null at pen-up). */
  readonly update = (stroke: DrawableStroke | null): void => {
    if (!stroke) {
      this.drawing = false;
      this.pending = null;
      return;
    }
    this.drawing = true;
    if (stroke.points.length < 6) return;
    this.pending = { stroke: { tool: stroke.tool, width: stroke.width, points: Array.from(stroke.points) }, at: performance.now() };
    if (!this.inFlight && this.timer === null) this.send();
  };

  /** The room's face for the finished sketch replaces the pen's. */
  roomFace(hash: string | null): void {
    if (hash === this.roomHash) return;
    this.roomHash = hash;
    if (!this.drawing) this.show(null);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.show(null);
  }

  private show(face: LiveFace | null): void {
    if (this.face) URL.revokeObjectURL(this.face.url);
    this.face = face;
    for (const listener of this.listeners) listener();
  }

  private send(): void {
    this.timer = null;
    if (this.inFlight || !this.pending || !this.drawing) return;
    const wait = this.lastStart + PEN_RENDER_INTERVAL_MS - performance.now();
    if (wait > 0) {
      this.timer = setTimeout(() => this.send(), wait);
      return;
    }
    const { stroke, at } = this.pending;
    this.pending = null;
    this.inFlight = true;
    this.lastStart = performance.now();
    const { strokes, sliders, model } = this.context;
    renderSketch([...strokes, stroke], sliders, model)
      .then((rendered) => {
        // Pen up: the room's face for the finished stroke is on its way and wins.
        if (!this.drawing) return URL.revokeObjectURL(rendered.url);
        this.show({ ...rendered, penLatencyMs: performance.now() - at });
      })
      .catch(() => {}) // offline or busy: the room's face still comes at pen-up
      .finally(() => {
        this.inFlight = false;
        if (this.pending) this.send();
      });
  }
}

export function usePenFace(renderer: PenRenderer): LiveFace | null {
  return useSyncExternalStore(renderer.subscribe, renderer.getSnapshot, () => null);
}
