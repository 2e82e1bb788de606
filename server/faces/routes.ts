import * as Y from 'yjs';
import { z } from 'zod';
import { isAttribute } from '../../lib/studio/attributes.ts';
import { attributeRange, faceJson, gallerySort, TITLE_MAX, type FacePageJson, type RoomKeys } from '../../lib/studio/faces.ts';
import type { Database } from '../db/database.ts';
import { InvalidCursorError, type FaceSummary, type ListOptions } from '../db/faces.ts';
import { bearerToken } from '../http/capability.ts';
import { binary, HttpError, json, noContent, type ApiRequest, type Router } from '../http/router.ts';
import { faceCardPng } from './card.ts';
import { decodeDocument, loadRoomDocument, readSketchState, remixDocument, sameSketch } from './documents.ts';
import type { FaceRenderer } from './renderer.ts';
import { sketchPng } from './sketch-png.ts';

export interface FaceRoutesOptions {
  db: Pick<Database, 'rooms' | 'roomDocuments' | 'faces'>;
  /** Renders the saved face; null while no model is served (the room's last face is saved instead). */
  render: FaceRenderer | null;
  /** The model name recorded when the room's last face is saved without a renderer. */
  fallbackModelName: string | undefined;
}

const SaveFace = z
  .object({
    title: z.string().trim().max(TITLE_MAX, `a title has at most ${TITLE_MAX} characters`),
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
    const input = await request.json(SaveFace);
    const doc = await loadRoomDocument(roomDocuments, roomId);
    const state = readSketchState(doc);
    if (state.strokes.length === 0) throw new HttpError(400, 'empty_sketch', 'Draw something first: the sketch is empty.');
    // Saving the same sketch under the same title again (a double click, a retry) gives the same face.
    const previous = await faces.latestOfRoom(roomId);
    if (previous?.document && previous.title === input.title && sameSketch(readSketchState(decodeDocument(previous.document)), state)) {
      if (input.publish && !previous.published) await faces.setPublished(previous.id, true);
      const face = (await faces.getSummary(previous.id)) ?? previous;
      return json({ face: faceJson(face) }, 200, { location: `/f/${face.id}` });
    }
    const face = await currentFacePng(roomId, state);
    const parent = state.remixOf ? await faces.getSummary(state.remixOf) : null;
    const saved = await faces.create({
      roomId,
      title: input.title,
      png: face.png,
      sketchPng: sketchPng(state.strokes),
      document: Y.encodeStateAsUpdate(doc),
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

  router.add('GET', '/api/faces/:id/png', async (request) => {
    const face = await faces.get(request.params.id!);
    if (!face) throw new HttpError(404, 'face_not_found', 'There is no such face.');
    const headers: Record<string, string> = { 'cache-control': IMAGE_CACHE };
    if (request.query.has('download')) headers['content-disposition'] = `attachment; filename="facesketch-${face.id}.png"`;
    return binary(face.png, 'image/png', headers);
  });

  router.add('GET', '/api/faces/:id/sketch.png', async (request) => {
    const face = await faces.get(request.params.id!);
    if (!face) throw new HttpError(404, 'face_not_found', 'There is no such face.');
    return binary(face.sketchPng, 'image/png', { 'cache-control': IMAGE_CACHE });
  });

  router.add('GET', '/api/faces/:id/card.png', async (request) => {
    const face = await faces.get(request.params.id!);
    if (!face) throw new HttpError(404, 'face_not_found', 'There is no such face.');
    return binary(faceCardPng(face.png, face.sketchPng), 'image/png', { 'cache-control': IMAGE_CACHE });
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

  router.add('POST', '/api/faces/:id/remix', async (request) => {
    const face = await faces.get(request.params.id!);
    if (!face) throw new HttpError(404, 'face_not_found', 'There is no such face.');
    if (!face.document) throw new HttpError(409, 'no_sketch', 'This face has no editable sketch to remix.');
    const parent = readSketchState(decodeDocument(face.document));
    const title = `Remix of ${face.title || 'an untitled face'}`.slice(0, TITLE_MAX);
    const created = await rooms.create({ title, modelName: face.modelName });
    const seq = await roomDocuments.append(created.room.id, [remixDocument(parent, face.id, title)]);
    // Same sketch, sliders and model as the face: the remix opens showing it, before anyone draws.
    await rooms.storeLatestFace(created.room.id, { png: face.png, revision: seq });
    const keys: RoomKeys = { roomId: created.room.id, editToken: created.editToken, viewToken: created.viewToken };
    return json(keys, 201, { location: `/r/${created.room.id}` });
  });
}
