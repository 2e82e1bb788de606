import type { Metadata } from 'next';
import Link from 'next/link';
import { isAttribute } from '@/lib/studio/attributes';
import { attributeRange, faceJson, gallerySort } from '@/lib/studio/faces';
import { services } from '@/server/services';
import { NewSketchButton } from '../new-sketch-button';
import { FaceOutline } from '../studio/face-outline';
import { GalleryFilter, type GalleryFilterValue } from '../studio/gallery-filter';
import { GalleryGrid } from '../studio/gallery-grid';
import { SiteHeader } from '../studio/site-header';

export const metadata: Metadata = {
  title: 'Gallery',
  description: 'Faces drawn together on Facesketch, newest or most remixed first.',
};

const PAGE_SIZE = 24;

interface GalleryProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function readFilter(params: Record<string, string | string[] | undefined>): GalleryFilterValue | null {
  const attribute = typeof params.attribute === 'string' ? params.attribute : '';
  if (!isAttribute(attribute)) return null;
  return { attribute, direction: params.direction === 'less' ? 'less' : 'more' };
}

export default async function GalleryPage(props: GalleryProps) {
  const params = await props.searchParams;
  const filter = readFilter(params);
  const sort = gallerySort(params.sort);
  // Filters offer the default model's attributes that have labels.
  const attributes = (services().attributesOf?.(null) ?? []).filter(isAttribute);
  const page = await services().db.faces.listPublished({
    limit: PAGE_SIZE,
    sort,
    attribute: filter ? attributeRange(filter.attribute, filter.direction) : undefined,
  });
  const items = page.items.map(faceJson);

  return (
    <div className="flex min-h-dvh flex-col">
      <SiteHeader />
      <main className="mx-auto flex w-full max-w-6xl flex-1 flex-col gap-8 px-4 pt-6 pb-16 sm:px-6">
        <div className="flex flex-col gap-5 sm:flex-row sm:items-end sm:justify-between">
          <div className="flex flex-col gap-2">
            <h1 className="font-display text-4xl font-medium tracking-tight sm:text-5xl">The gallery</h1>
            <p className="max-w-xl text-ink-soft">Faces people drew together and chose to share. Open one to see its sketch, or remix it into a room of your own.</p>
          </div>
          <GalleryFilter value={filter} sort={sort} attributes={attributes} />
        </div>
        {items.length === 0 ? (
          <EmptyGallery filtered={filter !== null} />
        ) : (
          <GalleryGrid
            key={`${filter ? `${filter.attribute}-${filter.direction}` : 'all'}-${sort}`}
            initialItems={items}
            initialCursor={page.nextCursor}
            filter={filter}
            sort={sort}
            pageSize={PAGE_SIZE}
          />
        )}
      </main>
    </div>
  );
}

function EmptyGallery({ filtered }: { filtered: boolean }) {
  return (
    <div className="flex flex-col items-center gap-5 rounded-[2rem] border border-dashed border-line px-6 py-20 text-center" data-testid="gallery-empty">
      <FaceOutline className="w-24 text-line" nose={false} strokeWidth={2.5} />
      <div className="flex flex-col gap-2">
        <h2 className="font-display text-2xl font-medium tracking-tight">{filtered ? 'No faces like that yet' : 'The walls are still bare'}</h2>
        <p className="max-w-md text-ink-soft">
          {filtered ? 'Nobody has published a face pushed that way. Try another filter, or draw one yourself.' : 'Nobody has published a face yet. Draw one with a friend and be the first on the wall.'}
        </p>
      </div>
      <div className="flex flex-wrap items-center justify-center gap-4">
        <NewSketchButton />
        {filtered && (
          <Link href="/gallery" className="text-sm font-medium text-ink-soft underline-offset-4 hover:text-ink hover:underline">
            Show every face
          </Link>
        )}
      </div>
    </div>
  );
}
