/** Least-recently-used latents keyed by model and sketch content: a slider move then skips the encoder. */
export class LatentCache {
  private readonly entries = new Map<string, Float32Array>();

  constructor(private readonly capacity: number) {}

  get(key: string): Float32Array | undefined {
    const latent = this.entries.get(key);
    if (latent) {
      this.entries.delete(key);
      this.entries.set(key, latent);
    }
    return latent;
  }

  set(key: string, latent: Float32Array): void {
    this.entries.delete(key);
    this.entries.set(key, latent);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
