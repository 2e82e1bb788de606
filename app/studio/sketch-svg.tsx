import type { Stroke } from '@/lib/doc';
import { strokePath } from '@/lib/studio/stroke-path';

const SIZE = 512;

/** A sketch as crisp vector art (the same outlines as the studio canvas); erasers paint paper. */
export function SketchSvg({ strokes, className = '' }: { strokes: readonly Stroke[]; className?: string }) {
  return (
    <svg viewBox={`0 0 ${SIZE} ${SIZE}`} className={className} role="img" aria-label="The sketch this face was drawn from">
      <rect width={SIZE} height={SIZE} fill="white" />
      {strokes.map((stroke) => (
        <path key={stroke.id} d={strokePath(stroke, SIZE)} fill={stroke.tool === 'eraser' ? 'white' : 'var(--color-ink)'} />
      ))}
    </svg>
  );
}
