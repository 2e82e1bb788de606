'use client';

import { useRouter } from 'next/navigation';
import { attributeLabel } from '@/lib/studio/attributes';
import { galleryPath, type FilterDirection, type GallerySort } from '@/lib/studio/faces';

export interface GalleryFilterValue {
  attribute: string;
  direction: FilterDirection;
}

/** Narrows the gallery to faces pushed one way on one attribute, and chooses its order. */
export function GalleryFilter({ value, sort, attributes }: { value: GalleryFilterValue | null; sort: GallerySort; attributes: readonly string[] }) {
  const router = useRouter();
  const go = (next: GalleryFilterValue | null, nextSort = sort) => router.push(galleryPath(next, nextSort));
  const label = value ? attributeLabel(value.attribute) : null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor="gallery-sort" className="text-ink-soft">
        Sort
      </label>
      <select
        id="gallery-sort"
        value={sort}
        onChange={(event) => go(value, event.target.value === 'remixed' ? 'remixed' : 'newest')}
        className="rounded-full border border-line bg-white py-2 pr-8 pl-3.5 font-medium focus:border-ink focus:outline-none"
      >
        <option value="newest">Newest</option>
        <option value="remixed">Most remixed</option>
      </select>
      <label htmlFor="gallery-attribute" className="ml-2 text-ink-soft">
        Filter
      </label>
      <select
        id="gallery-attribute"
        value={value?.attribute ?? ''}
        onChange={(event) => go(event.target.value ? { attribute: event.target.value, direction: value?.direction ?? 'more' } : null)}
        className="rounded-full border border-line bg-white py-2 pr-8 pl-3.5 font-medium focus:border-ink focus:outline-none"
      >
        <option value="">Every face</option>
        {attributes.map((attribute) => (
          <option key={attribute} value={attribute}>
            {attributeLabel(attribute).name}
          </option>
        ))}
      </select>
      {value && label?.more && (
        <div role="radiogroup" aria-label="Direction" className="flex rounded-full border border-line bg-white p-0.5">
          {(['more', 'less'] as const).map((direction) => (
            <button
              key={direction}
              type="button"
              role="radio"
              aria-checked={value.direction === direction}
              tabIndex={value.direction === direction ? 0 : -1}
              onClick={() => go({ ...value, direction })}
              className={`rounded-full px-3 py-1.5 font-medium transition ${value.direction === direction ? 'bg-ink text-paper' : 'text-ink-soft hover:text-ink'}`}
            >
              {direction === 'more' ? label.more : label.less}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
