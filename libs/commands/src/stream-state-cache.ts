import type { LoadedStream } from './load-stream';

/**
 * The folded state of streams this process recently wrote, or decided nothing on, so a
 * command on such a stream does not read and fold it again. A stale entry (another process
 * wrote since) is harmless: the append's expected revision catches it, and a decision to
 * record nothing is checked against the stream's last revision; the writer then reloads.
 * Least recently used entries are dropped beyond `capacity`.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, LoadedStream<unknown>>();

  constructor(private readonly capacity = 10_000) {}

  get<State>(streamId: string): LoadedStream<State> | undefined {
    const entry = this.entries.get(streamId);
    if (entry === undefined) return undefined;
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry as LoadedStream<State>;
  }

  set<State>(streamId: string, entry: LoadedStream<State>): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }
}
