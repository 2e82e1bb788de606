'use client';

import { memo } from 'react';
import { STARTERS, type Starter } from '@/lib/studio/starters';
import { SketchSvg } from './sketch-svg';

/** Starters never change: their pictures are drawn once, not on every render of the studio. */
const StarterPicture = memo(function StarterPicture({ starter }: { starter: Starter }) {
  return <SketchSvg strokes={starter.strokes} className="size-full" />;
});

/** On an empty page: start from a starter sketch (its strokes join the document, as one undoable change). */
export function StartingPoints({ onStarter, extra }: { onStarter(starter: Starter): void; extra?: React.ReactNode }) {
  return (
    <div className="pointer-events-none absolute inset-x-0 bottom-3 flex justify-center px-3" data-testid="starting-points">
      <div className="pointer-events-auto flex items-center gap-2 rounded-2xl border border-line bg-white/95 p-2 shadow-lg">
        <span className="px-1 text-xs font-medium text-ink-soft">Start from</span>
        {STARTERS.map((starter) => (
          <button
            key={starter.name}
            type="button"
            onClick={() => onStarter(starter)}
            title={starter.title}
            aria-label={`Start from the sketch “${starter.title}”`}
            className="size-12 overflow-hidden rounded-lg border border-line transition hover:border-ink sm:size-14"
          >
            <StarterPicture starter={starter} />
          </button>
        ))}
        {extra}
      </div>
    </div>
  );
}
