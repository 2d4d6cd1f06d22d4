import type { HandlerResult } from './request-context.ts';

/** A 200 answer to a GET with its encoded body (its headers carry the ETag). */
export type MemoizedResponse = HandlerResult & { payload: Buffer };

/**
 * Serialized GET answers, kept until the next write. Building and hashing a 100-alert page
 * (≈ 600 KB) costs the demo milliseconds of CPU per request, which on a shared two-core
 * benchmark machine would be charged to the gateway; GitHub itself serves from a fleet.
 * Any non-GET request clears the memo, so a write is visible to the very next read.
 */
export class ResponseMemo {
  private readonly entries = new Map<string, MemoizedResponse>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): MemoizedResponse | undefined {
    return this.entries.get(key);
  }

  set(key: string, response: MemoizedResponse): void {
    if (response.payload.length > this.maxBytes) return;
    this.delete(key);
    this.entries.set(key, response);
    this.bytes += response.payload.length;
    // Oldest first: Map iterates in insertion order.
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.payload.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.payload.length;
  }
}
