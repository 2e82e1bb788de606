'use client';

import { useEffect, useState } from 'react';
import type { Stroke } from '@/lib/doc';
import { nearbySliders } from '@/lib/studio/variations';
import { renderSketch } from './sketch-faces';
import type { LiveFace } from './use-face';

/** How many nearby faces Explore shows. */
export const VARIATION_COUNT = 8;

interface Variation {
  sliders: Record<string, number>;
  face: LiveFace | null;
}

interface ExploreProps {
  strokes: Stroke[];
  sliders: Record<string, number>;
  attributes: readonly string[];
  model: string | null;
  onPick(sliders: Record<string, number>): void;
  onClose(): void;
}

/**
 * "Explore": faces near the current one, each a small random step from the current slider strengths
 * (a step along the model's attribute directions in its latent space). The sketch's latent is cached on
 * the server, so each costs one decoder run. Picking one sets the sliders for everyone.
 */
export function Explore({ strokes, sliders, attributes, model, onPick, onClose }: ExploreProps) {
  const [round, setRound] = useState(0);
  const [variations, setVariations] = useState<Variation[]>([]);

  useEffect(() => {
    // Rolled on opening and on Shuffle only: edits elsewhere do not reshuffle what is being looked at.
    const controller = new AbortController();
    const created: string[] = [];
    const next = Array.from({ length: VARIATION_COUNT }, () => ({ sliders: nearbySliders(sliders, attributes), face: null as LiveFace | null }));
    setVariations(next);
    next.forEach((variation, i) => {
      renderSketch(strokes, variation.sliders, model, controller.signal).then(
        (face) => {
          created.push(face.url);
          setVariations((current) => current.map((item, j) => (j === i ? { ...item, face } : item)));
        },
        () => {},
      );
    });
    return () => {
      controller.abort();
      created.forEach((url) => URL.revokeObjectURL(url));
    };
  }, [round]);

  return (
    <section aria-label="Nearby faces" className="flex flex-col gap-2 rounded-2xl border border-line bg-white/80 p-3" data-testid="explore">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm font-medium">Pick a nearby face</p>
        <div className="flex gap-1">
          <button type="button" onClick={() => setRound(round + 1)} className="rounded-full px-2.5 py-1 text-xs font-medium text-ink-soft hover:bg-paper-deep hover:text-ink">
            Shuffle
          </button>
          <button type="button" onClick={onClose} className="rounded-full px-2.5 py-1 text-xs font-medium text-ink-soft hover:bg-paper-deep hover:text-ink">
            Close
          </button>
        </div>
      </div>
      <ul className="grid grid-cols-4 gap-2">
        {variations.map((variation, i) => (
          <li key={`${round}-${i}`}>
            <button
              type="button"
              onClick={() => onPick(variation.sliders)}
              disabled={!variation.face}
              aria-label={`Nearby face ${i + 1}`}
              data-testid="variation"
              className="block aspect-square w-full overflow-hidden rounded-xl bg-ink transition hover:ring-2 hover:ring-accent focus-visible:ring-2 disabled:animate-pulse disabled:bg-ink/60"
            >
              {variation.face && <img src={variation.face.url} alt="" data-face-hash={variation.face.hash} className="size-full object-cover" />}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
