'use client';

import { useEffect, useRef, useState } from 'react';
import type { Stroke } from '@/lib/doc';
import { renderSketch } from './sketch-faces';
import type { LiveFace } from './use-face';

/**
 * Before/after: while the button is held, the face without any slider edits (the sketch alone); it is
 * rendered when the hold starts (the sketch's latent is cached, so only the decoder runs).
 */
export function useCompare(strokes: Stroke[], model: string | null) {
  const [holding, setHolding] = useState(false);
  const [face, setFace] = useState<{ key: string; face: LiveFace } | null>(null);
  const key = strokes.map((stroke) => stroke.id).join(',');
  const latest = useRef(face);
  latest.current = face;

  useEffect(() => {
    if (!holding || latest.current?.key === key || strokes.length === 0) return;
    const controller = new AbortController();
    renderSketch(strokes, {}, model, controller.signal).then(
      (rendered) =>
        setFace((previous) => {
          if (previous) URL.revokeObjectURL(previous.face.url);
          return { key, face: rendered };
        }),
      () => {},
    );
    return () => controller.abort();
  }, [holding, key, strokes, model]);

  useEffect(() => () => void (latest.current && URL.revokeObjectURL(latest.current.face.url)), []);

  return { holding, setHolding, face: holding && face?.key === key ? face.face : null };
}

/** The hold-to-compare button over the face. */
export function CompareButton({ onHold }: { onHold(holding: boolean): void }) {
  return (
    <button
      type="button"
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        onHold(true);
      }}
      onPointerUp={() => onHold(false)}
      onPointerCancel={() => onHold(false)}
      onKeyDown={(event) => {
        if (event.key === ' ' || event.key === 'Enter') onHold(true);
      }}
      onKeyUp={() => onHold(false)}
      onBlur={() => onHold(false)}
      className="rounded-full bg-black/50 px-2.5 py-1 text-[11px] font-medium text-white backdrop-blur-sm select-none hover:bg-black/65"
      title="Hold to see the face without slider edits"
      data-testid="compare"
    >
      Hold to compare
    </button>
  );
}
