'use client';

import { useEffect, useRef, useState } from 'react';
import type { CheckpointJson, SketchSnapshot } from '@/lib/studio/history';
import { planReplay, replayFrame, type ReplayFrame } from '@/lib/studio/replay';

const TIME = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

export function checkpointTime(checkpoint: CheckpointJson): string {
  return TIME.format(new Date(checkpoint.createdAt));
}

interface HistoryPanelProps {
  checkpoints: CheckpointJson[];
  /** The checkpoint being previewed; null when showing the room as it is now. */
  selected: string | null;
  error: string | null;
  onSelect(checkpoint: CheckpointJson | null): void;
  onReplay(): void;
}

/**
 * The room's timeline: scrub back through its checkpoints (newest last, "Now" at the end), or pick
 * one from the list, to preview it with its face; Replay plays the drawing back.
 */
export function HistoryPanel({ checkpoints, selected, error, onSelect, onReplay }: HistoryPanelProps) {
  const index = selected ? checkpoints.findIndex((checkpoint) => checkpoint.id === selected) : checkpoints.length;
  return (
    <section aria-labelledby="history-heading" className="flex flex-col gap-3" data-testid="history-panel">
      <div className="flex items-center justify-between px-1">
        <h2 id="history-heading" className="font-display text-lg font-medium tracking-tight">
          History
        </h2>
        <button
          type="button"
          onClick={onReplay}
          disabled={checkpoints.length === 0}
          className="inline-flex items-center gap-1.5 rounded-full border border-line bg-white px-3 py-1 text-xs font-medium transition hover:border-ink disabled:cursor-not-allowed disabled:opacity-50"
        >
          <svg viewBox="0 0 16 16" className="size-3" aria-hidden>
            <path d="M4 2.5v11l9-5.5z" fill="currentColor" />
          </svg>
          Replay
        </button>
      </div>
      {checkpoints.length === 0 ? (
        <p className="px-1 text-sm text-ink-soft">{error ?? 'Checkpoints appear here as you draw: after each pause, before a Clear and on save.'}</p>
      ) : (
        <>
          <label className="flex flex-col gap-1 px-1 text-xs text-ink-soft">
            <span>Scrub back in time</span>
            <input
              type="range"
              min={0}
              max={checkpoints.length}
              step={1}
              value={index < 0 ? checkpoints.length : index}
              aria-valuetext={index >= 0 && index < checkpoints.length ? `${checkpoints[index]!.label}, ${checkpointTime(checkpoints[index]!)}` : 'Now'}
              onChange={(event) => {
                const i = Number(event.target.value);
                onSelect(i >= checkpoints.length ? null : checkpoints[i]!);
              }}
              className="w-full accent-ink"
              data-testid="history-scrubber"
            />
          </label>
          <ol className="flex max-h-60 flex-col gap-1 overflow-y-auto pr-1" data-testid="history-list">
            {[...checkpoints].reverse().map((checkpoint) => (
              <li key={checkpoint.id}>
                <button
                  type="button"
                  onClick={() => onSelect(selected === checkpoint.id ? null : checkpoint)}
                  aria-pressed={selected === checkpoint.id}
                  data-kind={checkpoint.kind}
                  className={`flex w-full items-baseline gap-3 rounded-xl px-3 py-2 text-left text-sm transition ${selected === checkpoint.id ? 'bg-ink text-paper' : 'hover:bg-paper-deep'}`}
                >
                  <span className="min-w-0 flex-1 truncate">{checkpoint.label}</span>
                  <span className={`shrink-0 text-xs tabular-nums ${selected === checkpoint.id ? 'text-paper/80' : 'text-ink-soft'}`}>{checkpointTime(checkpoint)}</span>
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** Above the canvas while an earlier state is shown: what it is, Restore (for editors) and Back to now. */
export function PreviewBar({ checkpoint, canRestore, onRestore, onClose }: { checkpoint: CheckpointJson; canRestore: boolean; onRestore(): void; onClose(): void }) {
  return (
    <div className="flex flex-wrap items-center justify-center gap-2 rounded-full border border-line bg-white/90 py-1 pr-1 pl-4 text-sm shadow-sm" data-testid="preview-bar">
      <span className="min-w-0 truncate">
        Previewing <strong className="font-medium">{checkpoint.label}</strong> <span className="text-ink-soft">· {checkpointTime(checkpoint)}</span>
      </span>
      {canRestore && (
        <button type="button" onClick={onRestore} className="rounded-full bg-ink px-3.5 py-1.5 font-medium text-paper hover:bg-accent-deep">
          Restore this
        </button>
      )}
      <button type="button" onClick={onClose} className="rounded-full px-3 py-1.5 font-medium text-ink-soft hover:bg-paper-deep hover:text-ink">
        Back to now
      </button>
    </div>
  );
}

const SPEEDS = [0.5, 1, 2, 4, 8] as const;

/**
 * Plays the room's drawing back: every checkpoint's new strokes drawn one by one, then its face.
 * Reports each frame to `onFrame` (the canvas and the face follow it).
 */
export function ReplayControls({ snapshots, onFrame, onClose }: { snapshots: SketchSnapshot[]; onFrame(frame: ReplayFrame): void; onClose(): void }) {
  const [plan] = useState(() => planReplay(snapshots));
  const [ms, setMs] = useState(0);
  const [playing, setPlaying] = useState(true);
  const [speed, setSpeed] = useState<number>(2);
  const onFrameRef = useRef(onFrame);
  onFrameRef.current = onFrame;

  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let frame = requestAnimationFrame(function tick(now) {
      const elapsed = (now - last) * speed;
      last = now;
      setMs((previous) => {
        const next = Math.min(plan.totalMs, previous + elapsed);
        if (next >= plan.totalMs) setPlaying(false);
        return next;
      });
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, plan]);

  useEffect(() => onFrameRef.current(replayFrame(plan, ms)), [plan, ms]);

  const done = ms >= plan.totalMs;
  return (
    <div className="flex flex-wrap items-center justify-center gap-2 rounded-full border border-line bg-white/90 p-1 text-sm shadow-sm" role="group" aria-label="Replay" data-testid="replay-controls">
      <button
        type="button"
        onClick={() => {
          if (done) setMs(0);
          setPlaying(!playing || done);
        }}
        className="rounded-full bg-ink px-3.5 py-1.5 font-medium text-paper hover:bg-accent-deep"
      >
        {playing && !done ? 'Pause' : done ? 'Play again' : 'Play'}
      </button>
      <input
        type="range"
        min={0}
        max={Math.max(1, Math.round(plan.totalMs))}
        value={Math.round(ms)}
        onChange={(event) => setMs(Number(event.target.value))}
        aria-label="Replay position"
        className="w-32 accent-ink sm:w-44"
        data-testid="replay-position"
        data-done={done ? 'true' : 'false'}
      />
      <label className="flex items-center gap-1 text-xs text-ink-soft">
        Speed
        <select value={speed} onChange={(event) => setSpeed(Number(event.target.value))} className="rounded-full border border-line bg-white px-2 py-1 font-medium text-ink" aria-label="Replay speed">
          {SPEEDS.map((value) => (
            <option key={value} value={value}>
              {value}×
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={onClose} className="rounded-full px-3 py-1.5 font-medium text-ink-soft hover:bg-paper-deep hover:text-ink">
        Close
      </button>
    </div>
  );
}
