'use client';

import { useRef, useState } from 'react';
import { LIMITS, type Stroke } from '@/lib/doc';
import { photoEdges } from '@/lib/studio/photo-edges';
import { apiFetch } from './api';
import { SketchSvg } from './sketch-svg';

/** The side of the square the photo is read at: the models' own scale, enough for an outline. */
const EDGE_SIZE = 128;
const OUTLINE_WIDTH = 0.005;

interface Imported {
  faceUrl: string | null;
  strokes: Stroke[];
  error: string | null;
}

/** The photo's centre square, as a grey image and as a PNG for the model. */
async function readPhoto(file: File): Promise<{ gray: Float32Array; png: Blob }> {
  const bitmap = await createImageBitmap(file);
  const side = Math.min(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = EDGE_SIZE;
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, EDGE_SIZE, EDGE_SIZE);
  bitmap.close();
  const { data } = context.getImageData(0, 0, EDGE_SIZE, EDGE_SIZE);
  const gray = new Float32Array(EDGE_SIZE * EDGE_SIZE);
  for (let i = 0; i < gray.length; i++) gray[i] = (0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!) / 255;
  const png = await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('could not read the photo'))), 'image/png'));
  return { gray, png };
}

/**
 * "Photo…": a photo becomes the face (the model's photo path) and its outline becomes strokes that
 * people can trace over and change. The outline joins the sketch as one undoable change.
 */
export function PhotoImport({ model, idPrefix, onStrokes }: { model: string | null; idPrefix: string; onStrokes(strokes: Stroke[]): void }) {
  const input = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [imported, setImported] = useState<Imported | null>(null);

  const open = async (file: File) => {
    setImported({ faceUrl: null, strokes: [], error: null });
    dialog.current?.showModal();
    try {
      const { gray, png } = await readPhoto(file);
      const strokes: Stroke[] = photoEdges(gray, EDGE_SIZE).map((line, i) => {
        const points = new Float32Array((line.length / 2) * 3);
        for (let p = 0; p < line.length / 2; p++) points.set([line[p * 2]!, line[p * 2 + 1]!, 0.5], p * 3);
        return { id: `${idPrefix}-photo-${i}`.slice(0, LIMITS.idLength), author: 'photo', tool: 'pen', width: OUTLINE_WIDTH, points };
      });
      setImported({ faceUrl: null, strokes, error: null });
      const query = new URLSearchParams({ mode: 'photo', ...(model ? { model } : {}) });
      const response = await apiFetch(`/api/generate?${query}`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
      const faceUrl = URL.createObjectURL(await response.blob());
      setImported({ faceUrl, strokes, error: null });
    } catch (error) {
      setImported((current) => ({ faceUrl: current?.faceUrl ?? null, strokes: current?.strokes ?? [], error: (error as Error).message }));
    }
  };

  const close = () => {
    if (imported?.faceUrl) URL.revokeObjectURL(imported.faceUrl);
    setImported(null);
    dialog.current?.close();
  };

  return (
    <>
      <button type="button" onClick={() => input.current?.click()} className="h-12 rounded-lg border border-dashed border-line px-3 text-xs font-medium text-ink-soft hover:border-ink hover:text-ink sm:h-14">
        Photo…
      </button>
      <input
        ref={input}
        type="file"
        accept="image/png,image/jpeg"
        className="hidden"
        aria-label="Start from a photo"
        data-testid="photo-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void open(file);
        }}
      />
      <dialog ref={dialog} onClose={close} aria-labelledby="photo-heading" className="m-auto w-[min(30rem,calc(100vw-2rem))] rounded-3xl border border-line bg-paper p-0 text-ink shadow-2xl backdrop:bg-ink/40">
        <div className="flex flex-col gap-4 p-6">
          <h2 id="photo-heading" className="font-display text-2xl font-medium tracking-tight">
            Start from a photo
          </h2>
          <div className="grid grid-cols-2 gap-3">
            <figure className="flex flex-col gap-1">
              {imported?.faceUrl ? (
                <img src={imported.faceUrl} alt="The photo as the model sees it" className="aspect-square w-full rounded-2xl bg-ink object-cover" data-testid="photo-face" />
              ) : (
                <div className="aspect-square w-full animate-pulse rounded-2xl bg-ink/70" />
              )}
              <figcaption className="text-xs text-ink-soft">The face</figcaption>
            </figure>
            <figure className="flex flex-col gap-1">
              <SketchSvg strokes={imported?.strokes ?? []} className="aspect-square w-full rounded-2xl border border-line" />
              <figcaption className="text-xs text-ink-soft">Its outline, as strokes you can change</figcaption>
            </figure>
          </div>
          {imported?.error && (
            <p role="alert" className="rounded-xl bg-accent/10 px-3 py-2 text-sm text-accent-deep">
              {imported.error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={close} className="rounded-full px-4 py-2 text-sm font-medium text-ink-soft hover:bg-paper-deep hover:text-ink">
              Cancel
            </button>
            <button
              type="button"
              disabled={!imported || imported.strokes.length === 0}
              onClick={() => {
                onStrokes(imported!.strokes);
                close();
              }}
              className="rounded-full bg-ink px-4 py-2 text-sm font-medium text-paper hover:bg-accent-deep disabled:opacity-40"
            >
              Draw over it
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
