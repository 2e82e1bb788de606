import Link from 'next/link';
import type { FaceJson } from '@/lib/studio/faces';

const DATE = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}

/** One face in a grid: the picture, its title and when it was made. */
export function FaceTile({ face, footer }: { face: FaceJson; footer?: React.ReactNode }) {
  return (
    <li className="group flex flex-col gap-2" data-testid="face-tile" data-face-id={face.id}>
      <Link href={face.pageUrl} className="relative block aspect-square overflow-hidden rounded-2xl bg-ink shadow-[0_18px_40px_-28px_rgba(29,27,24,0.7)]">
        <img
          src={face.pngUrl}
          alt={face.title ? `Face: ${face.title}` : 'An untitled face'}
          loading="lazy"
          className="size-full object-cover transition duration-300 group-hover:scale-[1.03]"
        />
      </Link>
      <div className="flex items-start justify-between gap-2 px-0.5">
        <div className="min-w-0">
          <Link href={face.pageUrl} className="block truncate text-sm font-medium hover:text-accent-deep">
            {face.title || 'Untitled face'}
          </Link>
          <p className="text-xs text-ink-soft">{formatDate(face.createdAt)}</p>
        </div>
        {footer}
      </div>
    </li>
  );
}
