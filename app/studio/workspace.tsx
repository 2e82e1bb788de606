'use client';

import { useState, type ReactNode } from 'react';

type Panel = 'character' | 'history';

interface WorkspaceProps {
  toolbar?: ReactNode;
  canvas?: ReactNode;
  overlay?: ReactNode;
  face: ReactNode;
  sliders: ReactNode;
  /** The room's timeline; without it there is no History tab. */
  history?: ReactNode;
}

const PANEL_NAMES: Record<Panel | 'sketch', string> = { sketch: 'Sketch', character: 'Character', history: 'History' };

function Tabs({ names, current, onPick, className }: { names: (Panel | 'sketch')[]; current: Panel | 'sketch'; onPick(name: Panel | 'sketch'): void; className: string }) {
  return (
    <div role="tablist" aria-label="Studio panels" className={`gap-1 rounded-full border border-line bg-white/80 p-1 ${className}`}>
      {names.map((name) => (
        <button
          key={name}
          type="button"
          role="tab"
          aria-selected={current === name}
          aria-controls={`panel-${name}`}
          onClick={() => onPick(name)}
          className={`flex-1 rounded-full px-4 py-1.5 text-sm font-medium transition ${current === name ? 'bg-ink text-paper' : 'text-ink-soft hover:text-ink'}`}
        >
          {PANEL_NAMES[name]}
        </button>
      ))}
    </div>
  );
}

/**
 * The studio's layout. Wide screens: the sketch on the left; the face, then the sliders or the history
 * (two tabs), on the right. Narrow screens (phones) show the sketch, the sliders or the history in the
 * same square, chosen by tabs, with the face always below it, so the face stays in view while drawing
 * and while dragging a slider.
 */
export function Workspace({ toolbar, canvas, overlay, face, sliders, history }: WorkspaceProps) {
  const [panel, setPanel] = useState<Panel>('character');
  // Phones only: whether the square shows the sketch or the panel.
  const [sketchShown, setSketchShown] = useState(true);
  const panels: Panel[] = history ? ['character', 'history'] : ['character'];
  const panelClass = 'max-lg:h-[min(calc(100vw-2rem+3.5rem),26rem)] max-lg:overflow-y-auto max-lg:overscroll-contain max-lg:rounded-[1.75rem] max-lg:border max-lg:border-line max-lg:bg-white/70 max-lg:p-4';
  return (
    <main className="mx-auto grid w-full max-w-[1400px] flex-1 content-start gap-3 px-4 py-3 sm:px-6 lg:grid-cols-[minmax(0,1fr)_minmax(320px,420px)] lg:grid-rows-[auto_auto_1fr] lg:gap-x-8 lg:gap-y-4 lg:py-5">
      <Tabs
        names={['sketch', ...panels]}
        current={sketchShown ? 'sketch' : panel}
        onPick={(name) => {
          setSketchShown(name === 'sketch');
          if (name !== 'sketch') setPanel(name);
        }}
        className="flex lg:hidden"
      />
      <section id="panel-sketch" aria-label="Sketch" className={`min-w-0 flex-col items-center gap-3 lg:row-span-3 lg:flex ${sketchShown ? 'flex' : 'hidden'}`}>
        <div className="flex min-h-11 w-full justify-center">{toolbar}</div>
        <div className="relative w-full max-w-[min(100%,calc(100dvh-11rem))] min-w-0 overflow-hidden rounded-[1.75rem] border border-line bg-white shadow-[0_30px_60px_-40px_rgba(29,27,24,0.45)] [background-image:radial-gradient(var(--color-line)_1px,transparent_1px)] [background-size:22px_22px]">
          {canvas ?? <div className="aspect-square w-full" />}
          {overlay}
        </div>
      </section>
      <div className="mx-auto w-[clamp(8rem,calc(100dvh-37rem),22rem)] min-w-0 max-lg:order-last lg:col-start-2 lg:row-start-1 lg:w-full lg:max-w-none">{face}</div>
      {panels.length > 1 && <Tabs names={panels} current={panel} onPick={(name) => setPanel(name as Panel)} className="hidden lg:col-start-2 lg:row-start-2 lg:flex" />}
      <div id="panel-character" className={`min-w-0 lg:col-start-2 lg:row-start-3 ${panelClass} ${panel === 'character' ? `lg:block ${sketchShown ? 'hidden' : 'block'}` : 'hidden'}`}>
        {sliders}
      </div>
      {history && (
        <div id="panel-history" className={`min-w-0 lg:col-start-2 lg:row-start-3 ${panelClass} ${panel === 'history' ? `lg:block ${sketchShown ? 'hidden' : 'block'}` : 'hidden'}`}>
          {history}
        </div>
      )}
    </main>
  );
}
