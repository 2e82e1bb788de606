'use client';

import { memo, useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { setSlider } from '@/lib/doc';
import { attributeLabel, roundStrength } from '@/lib/studio/attributes';
import { ResetIcon } from './icons';
import type { PresencePublisher, RemoteDrag } from './presence';
import { LOCAL_ORIGIN } from './use-room';

interface SliderPanelProps {
  doc: Y.Doc;
  attributes: readonly string[];
  committed: Record<string, number>;
  /** Sliders other people are dragging right now. */
  drags: RemoteDrag[];
  canEdit: boolean;
  publisher: Pick<PresencePublisher, 'set'>;
  /** More buttons beside Reset all (Explore). */
  actions?: React.ReactNode;
  /** Shown between the heading and the sliders (the nearby faces). */
  children?: React.ReactNode;
}

function formatStrength(value: number): string {
  if (value === 0) return '0';
  return `${value > 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;
}

/**
 * The attribute sliders. Dragging shows the value to everyone live through presence (the server renders
 * it); letting go (pointer up, key up, leaving the slider) commits it to the document.
 */
export const SliderPanel = memo(function SliderPanel({ doc, attributes, committed, drags, canEdit, publisher, actions, children }: SliderPanelProps) {
  const [local, setLocal] = useState<{ attribute: string; value: number } | null>(null);
  const localRef = useRef(local);
  localRef.current = local;

  const commit = () => {
    const drag = localRef.current;
    if (!drag) return;
    localRef.current = null;
    setSlider(doc, drag.attribute, drag.value, LOCAL_ORIGIN);
    setLocal(null);
    publisher.set({ dragging: null }, true);
  };

  const move = (attribute: string, value: number) => {
    const rounded = roundStrength(value);
    if (localRef.current && localRef.current.attribute !== attribute) commit();
    const drag = { attribute, value: rounded };
    localRef.current = drag;
    setLocal(drag);
    publisher.set({ dragging: drag });
  };

  const reset = (attribute: string) => {
    localRef.current = null;
    setLocal(null);
    publisher.set({ dragging: null }, true);
    setSlider(doc, attribute, 0, LOCAL_ORIGIN);
  };

  const resetAll = () => {
    localRef.current = null;
    setLocal(null);
    publisher.set({ dragging: null }, true);
    doc.transact(() => {
      for (const attribute of attributes) if ((committed[attribute] ?? 0) !== 0) setSlider(doc, attribute, 0);
    }, LOCAL_ORIGIN);
  };

  // A drag that ends outside the slider still commits.
  useEffect(() => {
    window.addEventListener('pointerup', commit);
    return () => window.removeEventListener('pointerup', commit);
  });

  const anySet = attributes.some((attribute) => (committed[attribute] ?? 0) !== 0);

  return (
    <section aria-labelledby="attributes-heading" className="flex flex-col gap-3">
      <div className="flex items-center justify-between px-1">
        <h2 id="attributes-heading" className="font-display text-lg font-medium tracking-tight">
          Character
        </h2>
        <div className="flex items-center gap-1">
          {actions}
          {canEdit && (
            <button
              type="button"
              onClick={resetAll}
              disabled={!anySet}
              className="inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium text-ink-soft transition hover:bg-paper-deep hover:text-ink disabled:pointer-events-none disabled:opacity-40"
            >
              <ResetIcon /> Reset all
            </button>
          )}
        </div>
      </div>
      {children}
      <ul className="grid grid-cols-1 gap-x-6 gap-y-2.5 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
        {attributes.map((attribute) => {
          const remote = drags.find((drag) => drag.attribute === attribute);
          const own = local?.attribute === attribute ? local.value : undefined;
          const value = own ?? remote?.value ?? committed[attribute] ?? 0;
          const label = attributeLabel(attribute);
          const id = `slider-${attribute}`;
          return (
            <li key={attribute} className={`flex flex-col gap-1 ${canEdit ? '' : 'opacity-60'}`} data-disabled={canEdit ? undefined : 'true'}>
              <div className="flex items-baseline justify-between gap-2 text-sm">
                <label htmlFor={id} className="font-medium">
                  {label.name}
                </label>
                <span className="flex items-center gap-1.5 text-xs tabular-nums text-ink-soft">
                  {remote && (
                    <span className="inline-flex items-center gap-1 truncate" style={{ color: remote.color }} title={`${remote.name} is adjusting this`}>
                      <span className="size-1.5 rounded-full" style={{ backgroundColor: remote.color }} />
                      {remote.name}
                    </span>
                  )}
                  <span className="w-10 text-right" data-testid={`slider-value-${attribute}`}>
                    {formatStrength(value)}
                  </span>
                </span>
              </div>
              <div className="relative flex h-5 items-center">
                <div className="absolute inset-x-0 h-1 rounded-full bg-line" aria-hidden />
                <div className="absolute left-1/2 h-2.5 w-px bg-ink-soft/40" aria-hidden />
                <div
                  className="absolute h-1 rounded-full"
                  style={{
                    left: `${50 + Math.min(0, value) * 50}%`,
                    width: `${Math.abs(value) * 50}%`,
                    backgroundColor: remote && own === undefined ? remote.color : 'var(--color-ink)',
                  }}
                  aria-hidden
                />
                <input
                  id={id}
                  type="range"
                  min={-1}
                  max={1}
                  step={0.01}
                  value={value}
                  disabled={!canEdit}
                  aria-valuetext={`${label.name} ${formatStrength(value)}${label.less ? ` (−1 ${label.less}, +1 ${label.more})` : ''}`}
                  title={canEdit ? 'Double-click to reset' : undefined}
                  onChange={(event) => move(attribute, Number(event.target.value))}
                  onKeyUp={commit}
                  onBlur={commit}
                  onDoubleClick={() => reset(attribute)}
                  className="slider relative w-full"
                />
              </div>
              {label.less && (
                <div className="flex justify-between text-[11px] tracking-wide text-ink-soft uppercase" aria-hidden>
                  <span>{label.less}</span>
                  <span>{label.more}</span>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
});
