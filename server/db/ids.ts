import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Public identifiers (rooms, faces): 72 random bits, URL-safe, 12 characters. Not secrets. */
const ID_PATTERN = /^[A-Za-z0-9_-]{12}$/;

export function newId(): string {
  return randomBytes(9).toString('base64url');
}

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** Capability tokens: 256 random bits. Only their SHA-256 is ever stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
