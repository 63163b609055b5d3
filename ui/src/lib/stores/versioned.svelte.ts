// A back-end answer fetched once per data version and shared by every component that needs it.
export class VersionedCache<T> {
  value = $state<T | null>(null);
  private loadedFor = -1;
  private inflight: Promise<T> | null = null;

  constructor(private readonly fetch: () => Promise<T>) {}

  /** Returns the value for `version`, fetching it when the data changed since last time. */
  async get(version: number): Promise<T> {
    if (this.value !== null && this.loadedFor === version) return this.value;
    if (!this.inflight) {
      this.inflight = this.fetch().finally(() => (this.inflight = null));
    }
    const v = await this.inflight;
    this.value = v;
    this.loadedFor = version;
    return v;
  }
}
