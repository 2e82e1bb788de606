'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { authorization, type FaceJson, type RoomKeys as RemixKeys } from '@/lib/studio/faces';
import { errorMessage } from './api';
import { DownloadIcon, RemixIcon } from './icons';
import { editTokenFor, rememberKeys } from './room-keys';

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
  useEffect(() => setEditToken(editTokenFor(initial.roomId)), [initial.roomId]);

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
      const response = await fetch(`/api/faces/${face.id}/remix`, { method: 'POST' });
      if (!response.ok) throw new Error(await errorMessage(response));
      const keys = (await response.json()) as RemixKeys;
      rememberKeys(keys.roomId, { edit: keys.editToken, view: keys.viewToken });
      router.push(`/r/${keys.roomId}#edit=${keys.editToken}&view=${keys.viewToken}`);
    });

  const setPublished = (published: boolean) =>
    run(published ? 'publish' : 'unpublish', async () => {
      const response = await fetch(`/api/faces/${face.id}/${published ? 'publish' : 'unpublish'}`, { method: 'POST', headers: authorization(editToken!) });
      if (!response.ok) throw new Error(await errorMessage(response));
      setFace(((await response.json()) as { face: FaceJson }).face);
      router.refresh();
    });

  const remove = () => {
    if (!window.confirm('Delete this face for everyone? Its room stays, but this page and its gallery entry go.')) return;
    void run('delete', async () => {
      const response = await fetch(`/api/faces/${face.id}`, { method: 'DELETE', headers: authorization(editToken!) });
      if (!response.ok) throw new Error(await errorMessage(response));
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
