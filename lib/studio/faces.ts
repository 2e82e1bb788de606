/**
 * The faces JSON API as both sides see it (server/faces/routes.ts serves it, app/ calls it).
 *
 *   POST   /api/rooms/:id/faces    save the room's current face       (edit capability)  → 201 SavedFace
 *   GET    /api/faces              published faces, newest first      ?cursor=&attribute=&direction=more|less&sort=newest|remixed
 *   GET    /api/faces/:id          one face (unlisted ones too: the id is the link)
 *   GET    /api/faces/:id/png      the face image (?download=1 for an attachment)
 *   GET    /api/faces/:id/sketch.png
 *   GET    /api/faces/:id/card.png  the link-preview picture (1200×630: face and sketch)
 *   POST   /api/faces/:id/publish | /unpublish                        (edit capability of its room)
 *   DELETE /api/faces/:id                                             (edit capability of its room)
 *   POST   /api/faces/:id/remix    a new room starting from the face's sketch and sliders → 201 RoomKeys
 *
 * The edit capability travels as `Authorization: Bearer <edit token>` of the face's room.
 */

export interface FaceJson {
  id: string;
  title: string;
  roomId: string | null;
  /** Attribute → strength in [-1, 1]; absent attributes are 0. */
  attributes: Record<string, number>;
  modelName: string;
  published: boolean;
  publishedAt: string | null;
  parentFaceId: string | null;
  /** How many faces were remixed from this one. */
  remixCount: number;
  createdAt: string;
  pngUrl: string;
  pageUrl: string;
}

export interface FacePageJson {
  items: FaceJson[];
  nextCursor: string | null;
}

export interface RoomKeys {
  roomId: string;
  editToken: string;
  viewToken: string;
}

export interface SaveFaceBody {
  title: string;
  publish?: boolean;
}

/** How far an attribute must be pushed for a face to count in a gallery filter. */
export const FILTER_THRESHOLD = 0.25;

/** The room document's meta key naming the face a room was remixed from (set by the server only). */
export const META_REMIX_OF = 'remixOf';

export const TITLE_MAX = 120;

export function facePngUrl(id: string): string {
  return `/api/faces/${encodeURIComponent(id)}/png`;
}

export function facePageUrl(id: string): string {
  return `/f/${encodeURIComponent(id)}`;
}

export function authorization(editToken: string): Record<string, string> {
  return { authorization: `Bearer ${editToken}` };
}

/** A stored face (server/db/faces.ts FaceSummary) as the API and pages hand it out. */
export function faceJson(
  face: Omit<FaceJson, 'publishedAt' | 'createdAt' | 'pngUrl' | 'pageUrl'> & { publishedAt: Date | null; createdAt: Date },
): FaceJson {
  return {
    id: face.id,
    title: face.title,
    roomId: face.roomId,
    attributes: face.attributes,
    modelName: face.modelName,
    published: face.published,
    publishedAt: face.publishedAt?.toISOString() ?? null,
    parentFaceId: face.parentFaceId,
    remixCount: face.remixCount,
    createdAt: face.createdAt.toISOString(),
    pngUrl: facePngUrl(face.id),
    pageUrl: facePageUrl(face.id),
  };
}

export type FilterDirection = 'more' | 'less';

/** The gallery's orders: newest first, or most remixed first. */
export type GallerySort = 'newest' | 'remixed';

export function gallerySort(value: unknown): GallerySort {
  return value === 'remixed' ? 'remixed' : 'newest';
}

/** The gallery page for a filter and an order. */
export function galleryPath(filter: { attribute: string; direction: FilterDirection } | null, sort: GallerySort): string {
  const query = new URLSearchParams();
  if (filter) {
    query.set('attribute', filter.attribute);
    query.set('direction', filter.direction);
  }
  if (sort !== 'newest') query.set('sort', sort);
  const text = query.toString();
  return text ? `/gallery?${text}` : '/gallery';
}

/** A gallery filter as a range on the stored slider strength (server/db/faces.ts ListOptions.attribute). */
export function attributeRange(name: string, direction: FilterDirection): { name: string; min?: number; max?: number } {
  return direction === 'more' ? { name, min: FILTER_THRESHOLD } : { name, max: -FILTER_THRESHOLD };
}
