import type { Encoding } from './worker-protocol.ts';

/**
 * Least-recently-used encodings (latent and structure together) keyed by model and sketch or photo
 * content: a slider move then skips the encoder.
 */
export class EncodingCache {
  private readonly entries = new Map<string, Encoding>();

  constructor(private readonly capacity: number) {}

  get(key: string): Encoding | undefined {
    const encoding = this.entries.get(key);
    if (encoding) {
      this.entries.delete(key);
      this.entries.set(key, encoding);
    }
    return encoding;
  }

  set(key: string, encoding: Encoding): void {
    this.entries.delete(key);
    this.entries.set(key, encoding);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
