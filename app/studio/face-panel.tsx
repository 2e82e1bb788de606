'use client';

import { memo } from 'react';
import type { FaceSync } from './connection-status';
import { FaceOutline } from './face-outline';
import type { LiveFace } from './use-face';

interface FacePanelProps {
  face: LiveFace | null;
  rendering: boolean;
  /** Nothing drawn yet: show the placeholder rather than a face of an empty page. */
  empty: boolean;
  modelName: string | null;
  /** Offline, the face is the last one the room rendered and may leave out edits made since. */
  sync?: FaceSync;
  /** Extra controls over the face's top corner (compare). */
  controls?: React.ReactNode;
  /** What the face shows, under it (default: the live face). */
  caption?: string;
}

/** The face the model sees in the sketch, updated live, with its rendering state and model. */
export const FacePanel = memo(function FacePanel({ face, rendering, empty, modelName, sync = 'live', controls, caption = 'Live face' }: FacePanelProps) {
  const showFace = face !== null && !empty;
  const model = face?.model ?? modelName;
  const behind = sync === 'offline-edits';
  const status =
    sync !== 'live'
      ? behind
        ? 'Offline — your latest edits are not in this face yet'
        : 'Offline — showing the last face'
      : rendering
        ? 'Rendering…'
        : showFace
          ? face.renderMs !== null
            ? `Rendered in ${Math.max(1, Math.round(face.renderMs))} ms`
            : 'Up to date'
          : empty
            ? 'Waiting for a sketch'
            : 'No face yet';
  // Announced to screen readers only when it means something new: not on every render.
  const announcement = sync !== 'live' ? status : showFace ? 'The face is showing the sketch' : '';
  return (
    <figure className="flex flex-col gap-2.5">
      <div className="relative aspect-square w-full overflow-hidden rounded-2xl bg-ink shadow-[0_24px_48px_-28px_rgba(29,27,24,0.6)]">
        {showFace ? (
          <img
            src={face.url}
            alt="The face rendered from the sketch"
            data-testid="live-face"
            data-face-hash={face.hash}
            data-pen-latency-ms={face.penLatencyMs === undefined ? undefined : Math.round(face.penLatencyMs)}
            className={`size-full object-cover transition-[filter,opacity] duration-300 ${rendering || behind ? 'opacity-80 saturate-75' : ''}`}
            draggable={false}
          />
        ) : (
          <Placeholder waiting={!empty} />
        )}
        {controls && <div className="absolute top-2.5 right-2.5 flex gap-1.5">{controls}</div>}
        <div className="absolute inset-x-3 bottom-3 flex items-center justify-between gap-2 text-[11px] font-medium">
          <span
            className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 backdrop-blur-sm ${sync === 'live' ? 'bg-black/50 text-white' : 'bg-amber-100 text-amber-950'}`}
            data-testid="face-status"
            data-rendering={rendering ? 'true' : 'false'}
            data-sync={sync}
          >
            <span
              className={`size-1.5 shrink-0 rounded-full ${sync !== 'live' ? 'bg-amber-600' : rendering ? 'animate-pulse bg-accent' : showFace ? 'bg-emerald-400' : 'bg-white/50'}`}
            />
            {status}
          </span>
        </div>
        <span className="sr-only" role="status" aria-live="polite">
          {announcement}
        </span>
      </div>
      <figcaption className="flex items-center justify-between gap-2 px-1 text-xs text-ink-soft">
        <span data-testid="face-caption">{caption}</span>
        {model && (
          <span className="truncate font-mono text-[11px]" title="The model rendering this face">
            {model}
          </span>
        )}
      </figcaption>
    </figure>
  );
});

function Placeholder({ waiting }: { waiting: boolean }) {
  return (
    <div className="flex size-full flex-col items-center justify-center gap-4 bg-[radial-gradient(circle_at_50%_38%,#3a342d_0%,#1d1b18_70%)] p-6 text-center">
      <FaceOutline className="w-2/5 text-white/25" />
      <p className="max-w-[16rem] text-sm leading-relaxed text-white/70">
        {waiting ? 'The face is on its way…' : 'Draw a line on the page — the face wakes up as soon as there is something to see.'}
      </p>
    </div>
  );
}
