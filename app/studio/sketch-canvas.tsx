'use client';

import { useCallback, useEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import type * as Y from 'yjs';
import { addStroke, LIMITS, type Stroke, type StrokeTool } from '@/lib/doc';
import { strokePath, type DrawableStroke } from '@/lib/studio/stroke-path';
import type { Peer, PresencePublisher } from './presence';
import { LOCAL_ORIGIN } from './use-room';

const INK = '#1d1b18';
/** A stroke this long is committed and a new one continues it, keeping documents and presence small. */
const MAX_POINTS_PER_STROKE = 1500;

interface LiveStroke {
  pointerId: number;
  id: string;
  tool: StrokeTool;
  width: number;
  points: number[];
}

interface SketchCanvasProps {
  doc: Y.Doc;
  strokes: Stroke[];
  peers: Peer[];
  tool: StrokeTool;
  width: number;
  canEdit: boolean;
  publisher: Pick<PresencePublisher, 'set'>;
  /** This browser's stroke in progress after each change; null at pen-up. */
  onLiveStroke?(stroke: DrawableStroke | null): void;
}

const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;

let strokeCounter = 0;
function newStrokeId(clientId: number): string {
  strokeCounter += 1;
  return `${clientId.toString(36)}-${Date.now().toString(36)}-${strokeCounter}`.slice(0, LIMITS.idLength);
}

/** The shared drawing surface: finished strokes from the document, strokes in progress from presence. */
export function SketchCanvas({ doc, strokes, peers, tool, width, canEdit, publisher, onLiveStroke }: SketchCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const sizeRef = useRef(0);
  const liveRef = useRef<LiveStroke | null>(null);
  const strokesRef = useRef(strokes);
  const peersRef = useRef(peers);
  const pathCache = useRef(new Map<string, Path2D>());
  const frameRef = useRef<number | null>(null);

  const draw = useCallback(() => {
    frameRef.current = null;
    const canvas = canvasRef.current;
    const size = sizeRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context || size === 0) return;
    const dpr = canvas.width / size;
    context.setTransform(dpr, 0, 0, dpr, 0, 0);
    context.clearRect(0, 0, size, size);
    const fill = (stroke: DrawableStroke, path: Path2D, color = INK) => {
      context.globalCompositeOperation = stroke.tool === 'eraser' ? 'destination-out' : 'source-over';
      context.fillStyle = color;
      context.fill(path);
    };
    const cache = pathCache.current;
    const used = new Set<string>();
    for (const stroke of strokesRef.current) {
      const key = `${stroke.id}@${size}`;
      used.add(key);
      let path = cache.get(key);
      if (!path) {
        path = new Path2D(strokePath(stroke, size));
        cache.set(key, path);
      }
      fill(stroke, path);
    }
    for (const key of cache.keys()) if (!used.has(key)) cache.delete(key);
    for (const peer of peersRef.current) {
      // Someone else's stroke in progress is drawn in their colour until it lands in the document.
      if (!peer.isSelf && peer.drawing) fill(peer.drawing, new Path2D(strokePath(peer.drawing, size, false)), peer.color);
    }
    const live = liveRef.current;
    if (live) fill(live, new Path2D(strokePath(live, size, false)));
    context.globalCompositeOperation = 'source-over';
  }, []);

  const requestDraw = useCallback(() => {
    frameRef.current ??= requestAnimationFrame(draw);
  }, [draw]);

  useEffect(() => {
    strokesRef.current = strokes;
    peersRef.current = peers;
    requestDraw();
  }, [strokes, peers, requestDraw]);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const observer = new ResizeObserver(() => {
      const size = canvas.clientWidth;
      const dpr = Math.min(3, window.devicePixelRatio || 1);
      sizeRef.current = size;
      canvas.width = Math.round(size * dpr);
      canvas.height = Math.round(size * dpr);
      draw();
    });
    observer.observe(canvas);
    return () => {
      observer.disconnect();
      if (frameRef.current !== null) cancelAnimationFrame(frameRef.current);
    };
  }, [draw]);

  const toCanvas = (event: { clientX: number; clientY: number }) => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return { x: round((event.clientX - rect.left) / rect.width), y: round((event.clientY - rect.top) / rect.height) };
  };

  const publishLive = (live: LiveStroke | null) => {
    publisher.set({ drawing: live && { id: live.id, tool: live.tool, width: live.width, points: live.points } });
    onLiveStroke?.(live);
  };

  const commit = (live: LiveStroke) => {
    if (live.points.length < 3) return;
    addStroke(
      doc,
      { id: live.id, author: String(doc.clientID), tool: live.tool, width: live.width, points: Float32Array.from(live.points) },
      LOCAL_ORIGIN,
    );
  };

  const addPoint = (live: LiveStroke, event: PointerEvent) => {
    const { x, y } = toCanvas(event);
    const pressure = event.pointerType === 'pen' ? round(event.pressure || 0.5) : 0.5;
    const n = live.points.length;
    const size = sizeRef.current || 1;
    if (n >= 3 && Math.hypot((x - live.points[n - 3]!) * size, (y - live.points[n - 2]!) * size) < 0.75) return;
    live.points.push(x, y, pressure);
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!canEdit || liveRef.current) return;
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    const live: LiveStroke = { pointerId: event.pointerId, id: newStrokeId(doc.clientID), tool, width, points: [] };
    addPoint(live, event.nativeEvent);
    liveRef.current = live;
    publishLive(live);
    requestDraw();
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const live = liveRef.current;
    publisher.set({ cursor: toCanvas(event) });
    if (!live || live.pointerId !== event.pointerId) return;
    const samples = event.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const sample of samples.length > 0 ? samples : [event.nativeEvent]) addPoint(live, sample);
    if (live.points.length >= MAX_POINTS_PER_STROKE * 3) {
      commit(live);
      liveRef.current = { ...live, id: newStrokeId(doc.clientID), points: live.points.slice(-3) };
    }
    publishLive(liveRef.current);
    requestDraw();
  };

  const finish = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const live = liveRef.current;
    if (!live || live.pointerId !== event.pointerId) return;
    liveRef.current = null;
    commit(live);
    publisher.set({ drawing: null }, true);
    onLiveStroke?.(null);
    requestDraw();
  };

  const others = peers.filter((peer) => !peer.isSelf && peer.cursor);

  return (
    <div className="relative aspect-square w-full select-none">
      <FaceGuide />
      <canvas
        ref={canvasRef}
        data-testid="sketch-canvas"
        data-strokes={strokes.length}
        aria-label={canEdit ? 'Drawing canvas' : 'Drawing canvas (view only)'}
        role="img"
        className={`absolute inset-0 size-full touch-none ${canEdit ? (tool === 'eraser' ? 'cursor-cell' : 'cursor-crosshair') : 'cursor-default'}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={finish}
        onPointerCancel={finish}
        onPointerLeave={() => {
          if (!liveRef.current) publisher.set({ cursor: null });
        }}
      />
      {others.map((peer) => (
        <div
          key={peer.clientId}
          data-testid="remote-cursor"
          data-name={peer.name}
          className="pointer-events-none absolute transition-[left,top] duration-75 ease-linear"
          style={{ left: `${peer.cursor!.x * 100}%`, top: `${peer.cursor!.y * 100}%` }}
        >
          <svg viewBox="0 0 16 16" className="size-4 -translate-x-px -translate-y-px drop-shadow" aria-hidden>
            <path d="M1.5 1.5 14 7l-5.3 1.7L7 14z" fill={peer.color} stroke="white" strokeWidth="1.2" strokeLinejoin="round" />
          </svg>
          <span
            className="absolute top-3.5 left-3 rounded-full px-2 py-0.5 text-[11px] font-medium whitespace-nowrap text-white shadow-sm"
            style={{ backgroundColor: peer.color }}
          >
            {peer.name}
          </span>
        </div>
      ))}
    </div>
  );
}

/** A faint oval where a face sits in the model's training pictures: drawing there gives the best faces. */
function FaceGuide() {
  return (
    <svg viewBox="0 0 100 100" className="pointer-events-none absolute inset-0 size-full" aria-hidden>
      <ellipse cx="50" cy="52" rx="27" ry="34" fill="none" stroke="var(--color-line)" strokeWidth="0.35" strokeDasharray="1.2 1.6" />
      <path d="M36 48h8M56 48h8M50 50v10M43 70q7 4 14 0" fill="none" stroke="var(--color-line)" strokeWidth="0.3" strokeDasharray="1 1.6" opacity="0.7" />
    </svg>
  );
}
