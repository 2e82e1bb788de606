import type { Prisma, PrismaClient } from './client.ts';
import { isId, newId } from './ids.ts';

/** Attribute name → strength in [-1, 1], in the model's attribute vocabulary. */
export type AttributeValues = Record<string, number>;

export interface NewFace {
  roomId?: string | null;
  title?: string;
  png: Uint8Array;
  sketchPng: Uint8Array;
  cardPng?: Uint8Array | null;
  document?: Uint8Array | null;
  attributes: AttributeValues;
  modelName: string;
  parentFaceId?: string | null;
  published?: boolean;
}

/** A face without its image bytes: what lists and pages need. */
export interface FaceSummary {
  id: string;
  roomId: string | null;
  title: string;
  attributes: AttributeValues;
  modelName: string;
  published: boolean;
  publishedAt: Date | null;
  parentFaceId: string | null;
  createdAt: Date;
  /** How many faces were remixed from this one (unlisted ones included: a count reveals none of them). */
  remixCount: number;
}

export interface Face extends FaceSummary {
  png: Uint8Array;
  sketchPng: Uint8Array;
  cardPng: Uint8Array | null;
  document: Uint8Array | null;
}

/** The pictures a face keeps, each served on its own. */
export type FaceImage = 'png' | 'sketchPng' | 'cardPng';

export interface FacePage {
  items: FaceSummary[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface ListOptions {
  limit?: number;
  cursor?: string | null;
  /** Only faces whose attribute `name` is at least `min` (and/or at most `max`). */
  attribute?: { name: string; min?: number; max?: number };
  /** newest (default) or remixed: most remixed first, newest first among equals. */
  sort?: FaceSort;
}

export type FaceSort = 'newest' | 'remixed';

export const MAX_PAGE_SIZE = 100;

const SUMMARY = {
  id: true,
  roomId: true,
  title: true,
  attributes: true,
  modelName: true,
  published: true,
  publishedAt: true,
  parentFaceId: true,
  createdAt: true,
  _count: { select: { remixes: true } },
} as const;

type SummaryRow = Prisma.FaceGetPayload<{ select: typeof SUMMARY }>;

function toSummary({ _count, ...row }: SummaryRow): FaceSummary {
  return { ...row, attributes: row.attributes as AttributeValues, remixCount: _count.remixes };
}

/**
 * Cursor, opaque to clients: newest-first pages continue after the last item's (createdAt, id), which
 * stays stable while new faces arrive; most-remixed pages continue at an offset ("#n"), because remix
 * counts change under the reader anyway.
 */
function encodeCursor(face: FaceSummary): string {
  return Buffer.from(`${face.createdAt.toISOString()}|${face.id}`).toString('base64url');
}

function encodeOffset(offset: number): string {
  return Buffer.from(`#${offset}`).toString('base64url');
}

function decodeOffset(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = Number(text.slice(1));
  if (!text.startsWith('#') || !Number.isInteger(offset) || offset < 0) throw new InvalidCursorError('Invalid page cursor.');
  return offset;
}

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || !isId(id) || Number.isNaN(createdAt.getTime())) throw new InvalidCursorError('Invalid page cursor.');
  return { createdAt, id };
}

export function createFaceRepository(prisma: PrismaClient) {
  return {
    async create(input: NewFace): Promise<FaceSummary> {
      const published = input.published ?? false;
      const row = await prisma.face.create({
        data: {
          id: newId(),
          roomId: input.roomId ?? null,
          title: input.title ?? '',
          png: new Uint8Array(input.png),
          sketchPng: new Uint8Array(input.sketchPng),
          cardPng: input.cardPng ? new Uint8Array(input.cardPng) : null,
          document: input.document ? new Uint8Array(input.document) : null,
          attributes: input.attributes,
          modelName: input.modelName,
          parentFaceId: input.parentFaceId ?? null,
          published,
          publishedAt: published ? new Date() : null,
        },
        select: SUMMARY,
      });
      return toSummary(row);
    },

    async get(id: string): Promise<Face | null> {
      if (!isId(id)) return null;
      const row = await prisma.face.findUnique({ where: { id }, include: { _count: { select: { remixes: true } } } });
      if (!row) return null;
      const { _count, ...face } = row;
      return { ...face, attributes: face.attributes as AttributeValues, remixCount: _count.remixes };
    },

    /** One picture of a face, without loading the rest of the row; undefined for an unknown face. */
    async image(id: string, kind: FaceImage): Promise<Uint8Array | null | undefined> {
      if (!isId(id)) return undefined;
      const row = await prisma.face.findUnique({ where: { id }, select: { [kind]: true } as Record<FaceImage, boolean> });
      return row ? ((row as Record<FaceImage, Uint8Array | null>)[kind] ?? null) : undefined;
    },

    async document(id: string): Promise<Uint8Array | null> {
      if (!isId(id)) return null;
      const row = await prisma.face.findUnique({ where: { id }, select: { document: true } });
      return row?.document ?? null;
    },

    async storeCard(id: string, cardPng: Uint8Array): Promise<void> {
      await prisma.face.updateMany({ where: { id }, data: { cardPng: new Uint8Array(cardPng) } });
    },

    async getSummary(id: string): Promise<FaceSummary | null> {
      if (!isId(id)) return null;
      const row = await prisma.face.findUnique({ where: { id }, select: SUMMARY });
      return row && toSummary(row);
    },

    /** Published faces, newest first, in pages that stay stable while new faces arrive. */
    async listPublished(options: ListOptions = {}): Promise<FacePage> {
      const limit = Math.min(Math.max(1, options.limit ?? 24), MAX_PAGE_SIZE);
      const byRemixes = options.sort === 'remixed';
      const offset = byRemixes && options.cursor ? decodeOffset(options.cursor) : 0;
      const after = !byRemixes && options.cursor ? decodeCursor(options.cursor) : null;
      const where: Prisma.FaceWhereInput = { published: true };
      if (after) {
        where.OR = [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }];
      }
      if (options.attribute) {
        const { name, min, max } = options.attribute;
        where.AND = [
          ...(min === undefined ? [] : [{ attributes: { path: [name], gte: min } }]),
          ...(max === undefined ? [] : [{ attributes: { path: [name], lte: max } }]),
        ];
      }
      const rows = await prisma.face.findMany({
        where,
        orderBy: [...(byRemixes ? [{ remixes: { _count: 'desc' as const } }] : []), { createdAt: 'desc' }, { id: 'desc' }],
        skip: offset,
        take: limit + 1,
        select: SUMMARY,
      });
      const items = rows.slice(0, limit).map(toSummary);
      const more = rows.length > limit;
      return { items, nextCursor: more ? (byRemixes ? encodeOffset(offset + limit) : encodeCursor(items[items.length - 1]!)) : null };
    },

    /** The face saved last from a room, with its document (saving again compares against it). */
    async latestOfRoom(roomId: string): Promise<(FaceSummary & { document: Uint8Array | null }) | null> {
      const row = await prisma.face.findFirst({
        where: { roomId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        select: { ...SUMMARY, document: true },
      });
      if (!row) return null;
      const { document, ...summary } = row;
      return { ...toSummary(summary), document };
    },

    /** Published remixes of a face, newest first (unlisted ones stay private to their link). */
    async listPublishedRemixes(parentFaceId: string, limit = 12): Promise<FaceSummary[]> {
      if (!isId(parentFaceId)) return [];
      const rows = await prisma.face.findMany({
        where: { parentFaceId, published: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: Math.min(Math.max(1, limit), MAX_PAGE_SIZE),
        select: SUMMARY,
      });
      return rows.map(toSummary);
    },

    /** Returns false for an unknown face. */
    async setPublished(id: string, published: boolean): Promise<boolean> {
      if (!isId(id)) return false;
      const { count } = await prisma.face.updateMany({
        where: { id },
        data: { published, publishedAt: published ? new Date() : null },
      });
      return count === 1;
    },

    /** Returns false for an unknown face. Remixes of it keep existing, without a parent. */
    async delete(id: string): Promise<boolean> {
      if (!isId(id)) return false;
      const { count } = await prisma.face.deleteMany({ where: { id } });
      return count === 1;
    },
  };
}

export type FaceRepository = ReturnType<typeof createFaceRepository>;
