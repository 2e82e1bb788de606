import { z } from 'zod';
import { isDisplayText } from '../../lib/doc/records.ts';
import { isAttribute } from '../../lib/studio/attributes.ts';
import { attributeRange, faceJson, gallerySort, TITLE_MAX, type FacePageJson, type RoomKeys } from '../../lib/studio/faces.ts';
import type { Database } from '../db/database.ts';
import { InvalidCursorError, type FaceSummary, type ListOptions } from '../db/faces.ts';
import type { FaceImage } from '../db/faces.ts';
import { bearerToken } from '../http/capability.ts';
import type { Quotas } from '../http/quotas.ts';
import { binary, HttpError, json, noContent, type ApiRequest, type Router } from '../http/router.ts';
import { BusyError, InputError } from '../inference/errors.ts';
import type { RasterPool } from '../inference/raster-pool.ts';
import { faceCardPng } from './card.ts';
import { decodeDocument, FACE_DOCUMENT_MAX_BYTES, loadRoomDocument, readSketchState, sameSketch, sketchDocument } from './documents.ts';
import type { FaceRenderer } from './renderer.ts';
import { sketchPng } from './sketch-png.ts';

export interface FaceRoutesOptions {
  db: Pick<Database, 'rooms' | 'roomDocuments' | 'faces'>;
  /** Renders the saved face; null while no model is served (the room's last face is saved instead). */
  render: FaceRenderer | null;
  /** The model name recorded when the room's last face is saved without a renderer. */
  fallbackModelName: string | undefined;
  /** Where the sketch picture is drawn, off the event loop. */
  raster: RasterPool;
  quotas: Quotas;
}

/** Bad or too-heavy sketches are the caller's 400, a full render queue a 503; anything else stays a 500. */
async function asHttp<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof InputError) throw new HttpError(400, 'invalid_sketch', error.message);
    if (error instanceof BusyError) throw new HttpError(503, 'busy', error.message, { 'retry-after': '1' });
    throw error;
  }
}

const SaveFace = z
  .object({
    title: z
      .string()
      .trim()
      .max(TITLE_MAX, `a title has at most ${TITLE_MAX} characters`)
      .refine(isDisplayText, 'a title may not contain control or invisible formatting characters'),
    publish: z.boolean().optional(),
  })
  .strict();

const PAGE_SIZE_MAX = 48;
/** Faces never change once saved; deleting one is rare enough that a day of caching is fine. */
const IMAGE_CACHE = 'public, max-age=86400';

function listOptions(query: URLSearchParams): ListOptions {
  const options: ListOptions = { cursor: query.get('cursor') || null, sort: gallerySort(query.get('sort')) };
  const sort = query.get('sort');
  if (sort !== null && sort !== 'newest' && sort !== 'remixed') throw new HttpError(400, 'invalid_request', 'sort must be newest or remixed.');
  const limit = query.get('limit');
  if (limit !== null) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > PAGE_SIZE_MAX) throw new HttpError(400, 'invalid_request', `limit must be an integer from 1 to ${PAGE_SIZE_MAX}.`);
    options.limit = n;
  }
  const attribute = query.get('attribute');
  if (attribute) {
    if (!isAttribute(attribute)) throw new HttpError(400, 'invalid_request', `Unknown attribute "${attribute.slice(0, 64)}".`);
    const direction = query.get('direction') ?? 'more';
    if (direction !== 'more' && direction !== 'less') throw new HttpError(400, 'invalid_request', 'direction must be more or less.');
    options.attribute = attributeRange(attribute, direction);
  }
  return options;
}

/** The faces JSON API (lib/studio/faces.ts describes it). */
export function registerFaceRoutes(router: Router, options: FaceRoutesOptions): void {
  const { rooms, roomDocuments, faces } = options.db;

  async function requireEdit(request: ApiRequest, roomId: string | null): Promise<void> {
    const token = bearerToken(request);
    if (roomId === null) throw new HttpError(403, 'forbidden', 'The room this face came from is gone, so the face can no longer be changed.');
    if ((await rooms.verifyToken(roomId, token)) !== 'edit') {
      throw new HttpError(403, 'forbidden', 'Only someone with the room’s edit link can do that.');
    }
  }

  async function findFace(id: string): Promise<FaceSummary> {
    const face = await faces.getSummary(id);
    if (!face) throw new HttpError(404, 'face_not_found', 'There is no such face.');
    return face;
  }

  async function currentFacePng(roomId: string, state: ReturnType<typeof readSketchState>) {
    if (options.render) return options.render({ strokes: state.strokes, sliders: state.sliders, model: state.model });
    const latest = await rooms.latestFace(roomId);
    if (!latest) throw new HttpError(409, 'no_face', 'The face has not been rendered yet; try again in a moment.');
    return { png: latest.png, model: state.model || options.fallbackModelName || 'unknown' };
  }

  router.add('POST', '/api/rooms/:id/faces', async (request) => {
    const roomId = request.params.id!;
    const room = await rooms.find(roomId);
    if (!room) throw new HttpError(404, 'room_not_found', 'There is no such room.');
    await requireEdit(request, roomId);
    await options.quotas.takeForRequest('saveFace', request.raw);
    const input = await request.json(SaveFace);
    const state = readSketchState(await loadRoomDocument(roomDocuments, roomId));
    if (state.strokes.length === 0) throw new HttpError(400, 'empty_sketch', 'Draw something first: the sketch is empty.');
    // Saving the same sketch under the same title again (a double click, a retry) gives the same face.
    const previous = await faces.latestOfRoom(roomId);
    if (previous?.document && previous.title === input.title && sameSketch(readSketchState(decodeDocument(previous.document)), state)) {
      if (input.publish && !previous.published) await faces.setPublished(previous.id, true);
      const face = (await faces.getSummary(previous.id)) ?? previous;
      return json({ face: faceJson(face) }, 200, { location: `/f/${face.id}` });
    }
    const document = sketchDocument(state, input.title, state.remixOf);
    if (document.byteLength > FACE_DOCUMENT_MAX_BYTES) {
      throw new HttpError(
        413,
        'sketch_too_large',
        `The sketch is ${(document.byteLength / 1e6).toFixed(1)} MB; a saved face keeps at most ${FACE_DOCUMENT_MAX_BYTES / 1e6} MB. Erase some strokes first.`,
      );
    }
    const [face, sketch] = await asHttp(Promise.all([currentFacePng(roomId, state), sketchPng(options.raster, state.strokes)]));
    const parent = state.remixOf ? await faces.getSummary(state.remixOf) : null;
    const saved = await faces.create({
      roomId,
      title: input.title,
      png: face.png,
      sketchPng: sketch,
      cardPng: await faceCardPng(face.png, sketch),
      document,
      attributes: state.sliders,
      modelName: face.model,
      parentFaceId: parent?.id ?? null,
      published: input.publish ?? false,
    });
    return json({ face: faceJson(saved) }, 201, { location: `/f/${saved.id}` });
  });

  router.add('GET', '/api/faces', async (request) => {
    try {
      const page = await faces.listPublished(listOptions(request.query));
      return json({ items: page.items.map(faceJson), nextCursor: page.nextCursor } satisfies FacePageJson);
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new HttpError(400, 'invalid_cursor', error.message);
      throw error;
    }
  });

  router.add('GET', '/api/faces/:id', async (request) => json({ face: faceJson(await findFace(request.params.id!)) }));

  async function faceImage(id: string, kind: FaceImage): Promise<Uint8Array | null> {
    const image = await faces.image(id, kind);
    if (image === undefined) throw new HttpError(404, 'face_not_found', 'There is no such face.');
    return image;
  }

  router.add('GET', '/api/faces/:id/png', async (request) => {
    const id = request.params.id!;
    const headers: Record<string, string> = { 'cache-control': IMAGE_CACHE };
    if (request.query.has('download')) headers['content-disposition'] = `attachment; filename="facesketch-${id}.png"`;
    return binary((await faceImage(id, 'png'))!, 'image/png', headers);
  });

  router.add('GET', '/api/faces/:id/sketch.png', async (request) =>
    binary((await faceImage(request.params.id!, 'sketchPng'))!, 'image/png', { 'cache-control': IMAGE_CACHE }),
  );

  // Made at save time; a face saved before cards were stored gets its card made and kept on first request.
  router.add('GET', '/api/faces/:id/card.png', async (request) => {
    const id = request.params.id!;
    let card = await faceImage(id, 'cardPng');
    if (!card) {
      card = await faceCardPng((await faceImage(id, 'png'))!, (await faceImage(id, 'sketchPng'))!);
      await faces.storeCard(id, card);
    }
    return binary(card, 'image/png', { 'cache-control': IMAGE_CACHE });
  });

  for (const [action, published] of [['publish', true], ['unpublish', false]] as const) {
    router.add('POST', `/api/faces/:id/${action}`, async (request) => {
      const face = await findFace(request.params.id!);
      await requireEdit(request, face.roomId);
      await faces.setPublished(face.id, published);
      return json({ face: faceJson((await faces.getSummary(face.id)) ?? face) });
    });
  }

  router.add('DELETE', '/api/faces/:id', async (request) => {
    const face = await findFace(request.params.id!);
    await requireEdit(request, face.roomId);
    await faces.delete(face.id);
    return noContent();
  });

  // Public faces may be remixed by anyone (the face page's button): a per-address quota and the
  // same-origin check in server/http/server.ts keep it from being a free way to multiply data, and the
  // face's document is capped at FACE_DOCUMENT_MAX_BYTES.
  router.add('POST', '/api/faces/:id/remix', async (request) => {
    const face = await findFace(request.params.id!);
    await options.quotas.takeForRequest('remix', request.raw);
    const [document, png] = await Promise.all([faces.document(face.id), faceImage(face.id, 'png')]);
    if (!document) throw new HttpError(409, 'no_sketch', 'This face has no editable sketch to remix.');
    const parent = readSketchState(decodeDocument(document));
    const title = `Remix of ${face.title || 'an untitled face'}`.slice(0, TITLE_MAX);
    const created = await rooms.create({ title, modelName: face.modelName });
    const seq = await roomDocuments.append(created.room.id, [sketchDocument(parent, title, face.id)]);
    // Same sketch, sliders and model as the face: the remix opens showing it, before anyone draws.
    await rooms.storeLatestFace(created.room.id, { png: png!, revision: seq });
    const keys: RoomKeys = { roomId: created.room.id, editToken: created.editToken, viewToken: created.viewToken };
    return json(keys, 201, { location: `/r/${created.room.id}` });
  });
}
