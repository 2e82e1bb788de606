/**
 * Stroke points travel and persist as raw bytes: x, y, pressure triples of little-endian float32 in the
 * normalised canvas space (0..1 on both axes, pressure 0..1). Yjs stores a Uint8Array compactly as
 * binary, whereas a number[] would cost a type tag per number; a fixed byte order keeps documents
 * portable between machines.
 */
export const POINT_STRIDE = 3;
const BYTES_PER_POINT = POINT_STRIDE * 4;

export function pointCount(bytes: Uint8Array): number {
  return bytes.byteLength / BYTES_PER_POINT;
}

export function packPoints(values: ArrayLike<number>): Uint8Array {
  if (values.length % POINT_STRIDE !== 0) {
    throw new RangeError(`points must be x, y, pressure triples; got ${values.length} numbers`);
  }
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

export function unpackPoints(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % BYTES_PER_POINT !== 0) {
    throw new RangeError(`packed points must be a multiple of ${BYTES_PER_POINT} bytes; got ${bytes.byteLength}`);
  }
  const values = new Float32Array(bytes.byteLength / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}
