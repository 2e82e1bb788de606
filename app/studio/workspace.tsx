'use client';

import { useState, type ReactNode } from 'react';

export type WorkspaceTab = 'sketch' | 'character';

interface WorkspaceProps {
  toolbar?: ReactNode;
  canvas?: ReactNode;
  overlay?: ReactNode;
  face: ReactNode;
  sliders: ReactNode;
  /** Extra panels under the sliders (history), on every screen size. */
  aside?: ReactNode;
}

/**
 * The studio's layout. Wide screens: the sketch on the left, face and sliders on the right. Narrow
 * screens (phones) show the sketch or the sliders in the same square, chosen by two tabs, with the face
 * always below it, so the face stays in view while drawing and while dragging a slider.
 */
export function Workspace({ toolbar, canvas, overlay, face, sliders, aside }: WorkspaceProps) {
  const [tab, setTab] = useState<WorkspaceTab>('sketch');
  return (
    <main className="mx-auto grid w-full max-w-[1400px] flex-1 content-start gap-3 px-4 py-3 sm:px-6 lg:grid-cols-[minmax(0,1fr)_minmax(320px,420px)] lg:grid-rows-[auto_auto_1fr] lg:gap-x-8 lg:gap-y-6 lg:py-5">
      <div role="tablist" aria-label="Studio panels" className="flex justify-center gap-1 rounded-full border border-line bg-white/80 p-1 lg:hidden" data-testid="studio-tabs">
        {(['sketch', 'character'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            onClick={() => setTab(name)}
            className={`flex-1 rounded-full px-4 py-1.5 text-sm font-medium transition ${tab === name ? 'bg-ink text-paper' : 'text-ink-soft hover:text-ink'}`}
          >
            {name === 'sketch' ? 'Sketch' : 'Character'}
          </button>
        ))}
      </div>
      <section
        id="panel-sketch"
        aria-label="Sketch"
        className={`min-w-0 flex-col items-center gap-3 lg:row-span-3 lg:flex ${tab === 'sketch' ? 'flex' : 'hidden'}`}
      >
        <div className="flex min-h-11 w-full justify-center">{toolbar}</div>
        <div className="relative w-full max-w-[min(100%,calc(100dvh-11rem))] min-w-0 overflow-hidden rounded-[1.75rem] border border-line bg-white shadow-[0_30px_60px_-40px_rgba(29,27,24,0.45)] [background-image:radial-gradient(var(--color-line)_1px,transparent_1px)] [background-size:22px_22px]">
          {canvas ?? <div className="aspect-square w-full" />}
          {overlay}
        </div>
      </section>
      <div
        id="panel-character"
        className={`min-w-0 max-lg:h-[min(calc(100vw-2rem+3.5rem),26rem)] max-lg:overflow-y-auto max-lg:overscroll-contain max-lg:rounded-[1.75rem] max-lg:border max-lg:border-line max-lg:bg-white/70 max-lg:p-4 lg:col-start-2 lg:row-start-2 lg:block ${tab === 'character' ? 'block' : 'hidden'}`}
      >
        {sliders}
      </div>
      <div className="mx-auto w-[clamp(8rem,calc(100dvh-37rem),22rem)] min-w-0 lg:col-start-2 lg:row-start-1 lg:w-full lg:max-w-none">{face}</div>
      {aside && <div className="min-w-0 lg:col-start-2 lg:row-start-3">{aside}</div>}
    </main>
  );
}
