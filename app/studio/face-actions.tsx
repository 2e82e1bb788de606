'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { authorization, type FaceJson, type RoomKeys as RemixKeys } from '@/lib/studio/faces';
import { apiFetch } from './api';
import { DownloadIcon, RemixIcon } from './icons';
import { editLink, editTokenFor, rememberedKeys, rememberKeys, viewLink } from './room-keys';

const secondary =
  'inline-flex items-center justify-center gap-2 rounded-full border border-line bg-white px-4 py-2.5 text-sm font-medium transition hover:border-ink disabled:cursor-wait disabled:opacity-60';
const primary =
  'inline-flex items-center justify-center gap-2 rounded-full bg-ink px-5 py-2.5 text-sm font-medium text-paper transition hover:bg-accent-deep disabled:cursor-wait disabled:opacity-60';

/** Download and remix for everyone; publish, unpublish and delete for whoever holds the room's edit link. */
export function FaceActions({ face: initial }: { face: FaceJson }) {
  const router = useRouter();
  const [face, setFace] = useState(initial);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editToken, setEditToken] = useState<string | null>(null);
  const [roomUrl, setRoomUrl] = useState<string | null>(null);
  useEffect(() => {
    setEditToken(editTokenFor(initial.roomId));
    if (!initial.roomId) return;
    // The room opens only with its key: link back to it when this browser holds one.
    const keys = rememberedKeys(initial.roomId);
    setRoomUrl(editLink('', initial.roomId, keys) ?? viewLink('', initial.roomId, keys));
  }, [initial.roomId]);

  const run = async (name: string, action: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const remix = () =>
    run('remix', async () => {
      const response = await apiFetch(`/api/faces/${face.id}/remix`, { method: 'POST' });
      const keys = (await response.json()) as RemixKeys;
      rememberKeys(keys.roomId, { edit: keys.editToken, view: keys.viewToken });
      router.push(`/r/${keys.roomId}#edit=${keys.editToken}&view=${keys.viewToken}`);
    });

  const setPublished = (published: boolean) =>
    run(published ? 'publish' : 'unpublish', async () => {
      const response = await apiFetch(`/api/faces/${face.id}/${published ? 'publish' : 'unpublish'}`, { method: 'POST', headers: authorization(editToken!) });
      setFace(((await response.json()) as { face: FaceJson }).face);
      router.refresh();
    });

  const remove = () => {
    if (!window.confirm('Delete this face for everyone? Its room stays, but this page and its gallery entry go.')) return;
    void run('delete', async () => {
      await apiFetch(`/api/faces/${face.id}`, { method: 'DELETE', headers: authorization(editToken!) });
      router.push('/gallery');
      router.refresh();
    });
  };

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap gap-2.5">
        <button type="button" onClick={remix} disabled={busy !== null} className={primary}>
          <RemixIcon />
          {busy === 'remix' ? 'Opening a remix…' : 'Remix'}
        </button>
        <a href={`${face.pngUrl}?download=1`} download={`facesketch-${face.id}.png`} className={secondary}>
          <DownloadIcon />
          Download PNG
        </a>
      </div>
      {roomUrl && (
        <nav aria-label="Its room" className="flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid="room-links">
          <a href={roomUrl} className="font-medium text-accent-deep underline-offset-4 hover:underline">
            Open its room
          </a>
          <a href={roomUrl.replace('#', '?replay=1#')} className="font-medium text-accent-deep underline-offset-4 hover:underline">
            Watch how it was drawn
          </a>
        </nav>
      )}
      {editToken && (
        <div className="flex flex-wrap items-center gap-2.5 rounded-2xl border border-dashed border-line p-3" data-testid="owner-controls">
          <span className="mr-auto text-xs text-ink-soft">
            {face.published ? 'Published in the gallery.' : 'Unlisted: only people with this link can see it.'}
          </span>
          {face.published ? (
            <button type="button" onClick={() => void setPublished(false)} disabled={busy !== null} className={secondary}>
              {busy === 'unpublish' ? 'Unpublishing…' : 'Unpublish'}
            </button>
          ) : (
            <button type="button" onClick={() => void setPublished(true)} disabled={busy !== null} className={secondary}>
              {busy === 'publish' ? 'Publishing…' : 'Publish to gallery'}
            </button>
          )}
          <button type="button" onClick={remove} disabled={busy !== null} className={`${secondary} text-accent-deep hover:border-accent-deep`}>
            {busy === 'delete' ? 'Deleting…' : 'Delete'}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="rounded-xl bg-accent/10 px-3 py-2 text-sm text-accent-deep">
          {error}
        </p>
      )}
    </div>
  );
}
