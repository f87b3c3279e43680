/**
 * Unwrapped data keys of recently opened cases, for a minute (ADR 0017): one case page reads its
 * key once instead of once per section, and a page reloaded after a save not at all. Keys live in
 * this process's memory anyway while in use, next to the KEK that unwraps them. Erasing a case
 * drops its key here at once; another app instance forgets it within the minute.
 */
export class DataKeyCache {
  readonly #entries = new Map<string, { key: Buffer; until: number }>();
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(ttlMs = 60_000, max = 2000) {
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  get(id: string, now = Date.now()): Buffer | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.#entries.delete(id);
      return undefined;
    }
    return entry.key;
  }

  set(id: string, key: Buffer, now = Date.now()): void {
    this.#entries.delete(id);
    // Oldest first in a Map: drop the oldest when full.
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(id, { key, until: now + this.#ttlMs });
  }

  delete(id: string): void {
    this.#entries.delete(id);
  }

  clear(): void {
    this.#entries.clear();
  }
}
