import Link from 'next/link';
import type { FaceJson } from '@/lib/studio/faces';

const DATE = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}

/**
 * One face in a grid: the picture with its sketch in a corner, whether it is a remix and how often it
 * was remixed, its title and when it was made; `actions` float over the picture.
 */
export function FaceTile({ face, actions }: { face: FaceJson; actions?: React.ReactNode }) {
  return (
    <li className="group flex flex-col gap-2" data-testid="face-tile" data-face-id={face.id}>
      <div className="relative">
        <Link href={face.pageUrl} className="relative block aspect-square overflow-hidden rounded-2xl bg-ink shadow-[0_18px_40px_-28px_rgba(29,27,24,0.7)]">
          <img
            src={face.pngUrl}
            alt={face.title ? `Face: ${face.title}` : 'An untitled face'}
            loading="lazy"
            className="size-full object-cover transition duration-300 group-hover:scale-[1.03]"
          />
          <img
            src={`/api/faces/${encodeURIComponent(face.id)}/sketch.png`}
            alt=""
            loading="lazy"
            data-testid="tile-sketch"
            className="absolute bottom-2 left-2 size-1/4 rounded-lg border border-white/70 bg-white object-cover shadow-md"
          />
        </Link>
        <div className="pointer-events-none absolute top-2 left-2 flex flex-wrap gap-1 text-[11px] font-semibold">
          {face.parentFaceId && (
            <span className="rounded-full bg-white/95 px-2 py-0.5 text-ink shadow-sm" data-testid="remix-badge">
              Remix
            </span>
          )}
          {face.remixCount > 0 && (
            <span className="rounded-full bg-ink/85 px-2 py-0.5 text-paper shadow-sm" data-testid="remix-count">
              {face.remixCount === 1 ? '1 remix' : `${face.remixCount} remixes`}
            </span>
          )}
        </div>
        {actions && (
          <div className="absolute top-2 right-2 flex gap-1 opacity-0 transition group-hover:opacity-100 focus-within:opacity-100 [@media(hover:none)]:opacity-100">
            {actions}
          </div>
        )}
      </div>
      <div className="min-w-0 px-0.5">
        <Link href={face.pageUrl} className="block truncate text-sm font-medium hover:text-accent-deep">
          {face.title || 'Untitled face'}
        </Link>
        <p className="text-xs text-ink-soft">{formatDate(face.createdAt)}</p>
      </div>
    </li>
  );
}
