'use client';

import Link from 'next/link';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { authorization, TITLE_MAX, type FaceJson, type SaveFaceBody } from '@/lib/studio/faces';
import { CopyField } from './copy-field';
import { CloseIcon, SaveIcon } from './icons';
import { apiFetch, OFFLINE_MESSAGE } from './api';

interface SaveDialogProps {
  roomId: string;
  editToken: string;
  defaultTitle: string;
  canSave: boolean;
  /** Saving needs the room: offline, the dialog says so instead of trying. */
  online: boolean;
  onSaved?(face: FaceJson): void;
}

type SaveState = { kind: 'editing' } | { kind: 'saving' } | { kind: 'failed'; message: string } | { kind: 'saved'; face: FaceJson };

/** "Save": name the current face, optionally publish it, and get its page. */
export function SaveDialog({ roomId, editToken, defaultTitle, canSave, online, onSaved }: SaveDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [title, setTitle] = useState(defaultTitle);
  const [publish, setPublish] = useState(false);
  const [state, setState] = useState<SaveState>({ kind: 'editing' });

  useEffect(() => setTitle(defaultTitle), [defaultTitle]);

  const open = () => {
    setState({ kind: 'editing' });
    dialog.current?.showModal();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!online) {
      setState({ kind: 'failed', message: OFFLINE_MESSAGE });
      return;
    }
    setState({ kind: 'saving' });
    try {
      const body: SaveFaceBody = { title: title.trim(), publish };
      const response = await apiFetch(`/api/rooms/${encodeURIComponent(roomId)}/faces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authorization(editToken) },
        body: JSON.stringify(body),
      });
      const { face } = (await response.json()) as { face: FaceJson };
      setState({ kind: 'saved', face });
      onSaved?.(face);
    } catch (error) {
      setState({ kind: 'failed', message: (error as Error).message });
    }
  };

  return (
    <>
      <button
        type="button"
        onClick={open}
        disabled={!canSave}
        title={canSave ? 'Save this face' : 'Draw something first'}
        className="inline-flex items-center gap-1.5 rounded-full bg-ink px-4 py-2 text-sm font-medium text-paper shadow-[0_8px_20px_-10px_rgba(29,27,24,0.7)] transition hover:bg-accent-deep disabled:cursor-not-allowed disabled:opacity-40"
      >
        <SaveIcon />
        Save
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="save-heading"
        className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-3xl border border-line bg-paper p-0 text-ink shadow-2xl backdrop:bg-ink/40 backdrop:backdrop-blur-sm"
      >
        <div className="flex flex-col gap-5 p-6">
          <div className="flex items-start justify-between gap-4">
            <div>
              <h2 id="save-heading" className="font-display text-2xl font-medium tracking-tight">
                {state.kind === 'saved' ? 'Saved!' : 'Save this face'}
              </h2>
              <p className="mt-1 text-sm text-ink-soft">
                {state.kind === 'saved'
                  ? 'It has its own page now. Share the link, or keep drawing.'
                  : 'Keeps the face, its sketch and its sliders on a page of its own.'}
              </p>
            </div>
            <button type="button" aria-label="Close" onClick={() => dialog.current?.close()} className="rounded-full p-1.5 text-ink-soft hover:bg-paper-deep hover:text-ink">
              <CloseIcon />
            </button>
          </div>
          {state.kind === 'saved' ? (
            <div className="flex flex-col gap-4">
              <div className="flex items-center gap-4">
                <img src={state.face.pngUrl} alt="" className="size-20 rounded-2xl bg-ink object-cover" />
                <div className="min-w-0">
                  <p className="truncate font-medium">{state.face.title || 'Untitled face'}</p>
                  <p className="text-xs text-ink-soft">{state.face.published ? 'Published in the gallery' : 'Unlisted — only people with the link can see it'}</p>
                </div>
              </div>
              <CopyField label="Face page link" value={`${window.location.origin}${state.face.pageUrl}`} />
              <Link href={state.face.pageUrl} className="rounded-full bg-ink px-4 py-2.5 text-center text-sm font-medium text-paper transition hover:bg-accent-deep">
                Open the face page
              </Link>
            </div>
          ) : (
            <form onSubmit={submit} className="flex flex-col gap-4">
              <label className="flex flex-col gap-1.5 text-sm font-medium">
                Title
                <input
                  value={title}
                  onChange={(event) => setTitle(event.target.value)}
                  maxLength={TITLE_MAX}
                  placeholder="Untitled face"
                  autoFocus
                  className="rounded-xl border border-line bg-white px-3 py-2.5 font-normal focus:border-ink focus:outline-none"
                />
              </label>
              <label className="flex items-start gap-2.5 text-sm">
                <input type="checkbox" checked={publish} onChange={(event) => setPublish(event.target.checked)} className="mt-0.5 size-4 accent-ink" />
                <span>
                  <span className="font-medium">Publish to the gallery</span>
                  <span className="block text-xs text-ink-soft">You can publish or unpublish it later from its page.</span>
                </span>
              </label>
              {state.kind === 'failed' && (
                <p role="alert" className="rounded-xl bg-accent/10 px-3 py-2 text-sm text-accent-deep">
                  {state.message}
                </p>
              )}
              <button
                type="submit"
                disabled={state.kind === 'saving'}
                className="rounded-full bg-ink px-4 py-2.5 text-sm font-medium text-paper transition hover:bg-accent-deep disabled:cursor-wait disabled:opacity-60"
              >
                {state.kind === 'saving' ? 'Saving…' : 'Save face'}
              </button>
            </form>
          )}
        </div>
      </dialog>
    </>
  );
}
