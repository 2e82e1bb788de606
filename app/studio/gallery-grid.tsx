'use client';

import { useEffect, useRef, useState } from 'react';
import { authorization, type FaceJson, type FacePageJson, type GallerySort } from '@/lib/studio/faces';
import { apiFetch } from './api';
import { FaceTile } from './face-tile';
import type { GalleryFilterValue } from './gallery-filter';
import { editTokenFor } from './room-keys';

interface GalleryGridProps {
  initialItems: FaceJson[];
  initialCursor: string | null;
  filter: GalleryFilterValue | null;
  sort: GallerySort;
  pageSize: number;
}

/** The published faces, loading the next page as the end of the grid scrolls into view. */
export function GalleryGrid({ initialItems, initialCursor, filter, sort, pageSize }: GalleryGridProps) {
  const [items, setItems] = useState(initialItems);
  const [cursor, setCursor] = useState(initialCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [owned, setOwned] = useState<Record<string, string>>({});
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const tokens: Record<string, string> = {};
    for (const face of items) {
      const token = editTokenFor(face.roomId);
      if (token) tokens[face.id] = token;
    }
    setOwned(tokens);
  }, [items]);

  const loadMore = async () => {
    if (!cursor || loading) return;
    setLoading(true);
    setError(null);
    try {
      const query = new URLSearchParams({ cursor, limit: String(pageSize), sort });
      if (filter) {
        query.set('attribute', filter.attribute);
        query.set('direction', filter.direction);
      }
      const response = await apiFetch(`/api/faces?${query}`);
      const page = (await response.json()) as FacePageJson;
      setItems((previous) => [...previous, ...page.items.filter((item) => !previous.some((p) => p.id === item.id))]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setLoading(false);
    }
  };

  const loadMoreRef = useRef(loadMore);
  loadMoreRef.current = loadMore;
  useEffect(() => {
    const target = sentinel.current;
    if (!target) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) void loadMoreRef.current();
    }, { rootMargin: '400px' });
    observer.observe(target);
    return () => observer.disconnect();
  }, []);

  const manage = async (face: FaceJson, action: 'unpublish' | 'delete') => {
    const token = owned[face.id];
    if (!token) return;
    if (action === 'delete' && !window.confirm(`Delete “${face.title || 'Untitled face'}” for everyone?`)) return;
    try {
      await apiFetch(action === 'delete' ? `/api/faces/${face.id}` : `/api/faces/${face.id}/unpublish`, {
        method: action === 'delete' ? 'DELETE' : 'POST',
        headers: authorization(token),
      });
    } catch (failure) {
      setError((failure as Error).message);
      return;
    }
    setItems((previous) => previous.filter((item) => item.id !== face.id));
  };

  return (
    <div className="flex flex-col gap-8">
      <ul className="grid grid-cols-2 gap-x-5 gap-y-7 sm:grid-cols-3 lg:grid-cols-4" data-testid="gallery-grid">
        {items.map((face) => (
          <FaceTile
            key={face.id}
            face={face}
            actions={
              owned[face.id] && (
                <>
                  <button type="button" onClick={() => void manage(face, 'unpublish')} className="rounded-full bg-white/90 px-2.5 py-1 text-xs font-medium shadow-sm backdrop-blur hover:bg-white">
                    Unpublish
                  </button>
                  <button type="button" onClick={() => void manage(face, 'delete')} className="rounded-full bg-white/90 px-2.5 py-1 text-xs font-medium text-accent-deep shadow-sm backdrop-blur hover:bg-white">
                    Delete
                  </button>
                </>
              )
            }
          />
        ))}
      </ul>
      <div ref={sentinel} className="flex min-h-12 items-center justify-center">
        {error ? (
          <p role="alert" className="text-sm text-accent-deep">
            {error}{' '}
            <button type="button" onClick={() => void loadMore()} className="underline">
              Try again
            </button>
          </p>
        ) : cursor ? (
          <button type="button" onClick={() => void loadMore()} disabled={loading} className="rounded-full border border-line bg-white px-5 py-2.5 text-sm font-medium transition hover:border-ink disabled:opacity-60">
            {loading ? 'Loading…' : 'Show more faces'}
          </button>
        ) : (
          items.length > pageSize / 2 && <p className="text-sm text-ink-soft">That is every face, for now.</p>
        )}
      </div>
    </div>
  );
}
