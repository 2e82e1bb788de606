'use client';

import { useRouter } from 'next/navigation';
import { ATTRIBUTE_LABELS, ATTRIBUTES, type Attribute } from '@/lib/studio/attributes';
import type { FilterDirection } from '@/lib/studio/faces';

export interface GalleryFilterValue {
  attribute: Attribute;
  direction: FilterDirection;
}

/** Narrows the gallery to faces pushed one way on one attribute. */
export function GalleryFilter({ value }: { value: GalleryFilterValue | null }) {
  const router = useRouter();
  const go = (next: GalleryFilterValue | null) => {
    router.push(next ? `/gallery?attribute=${next.attribute}&direction=${next.direction}` : '/gallery');
  };
  const label = value ? ATTRIBUTE_LABELS[value.attribute] : null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor="gallery-attribute" className="text-ink-soft">
        Filter
      </label>
      <select
        id="gallery-attribute"
        value={value?.attribute ?? ''}
        onChange={(event) => go(event.target.value ? { attribute: event.target.value as Attribute, direction: value?.direction ?? 'more' } : null)}
        className="rounded-full border border-line bg-white py-2 pr-8 pl-3.5 font-medium focus:border-ink focus:outline-none"
      >
        <option value="">Every face</option>
        {ATTRIBUTES.map((attribute) => (
          <option key={attribute} value={attribute}>
            {ATTRIBUTE_LABELS[attribute].name}
          </option>
        ))}
      </select>
      {value && label && (
        <div role="radiogroup" aria-label="Direction" className="flex rounded-full border border-line bg-white p-0.5">
          {(['more', 'less'] as const).map((direction) => (
            <button
              key={direction}
              type="button"
              role="radio"
              aria-checked={value.direction === direction}
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
