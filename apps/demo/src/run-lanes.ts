import { type DemoClient, StreamMovedOnError } from './demo-client';
import type { Lane } from './demo-requests';

export interface LaneProgress {
  done: number;
  total: number;
  replayed: number;
  /** Commands left out because their stream moved on past them (see StreamMovedOnError). */
  skipped: number;
}

/**
 * Runs the lanes with at most `concurrency` requests in flight: each lane's requests one
 * after the other, lanes side by side. The first error stops every lane and is thrown.
 */
export async function runLanes(
  client: DemoClient,
  lanes: Lane[],
  concurrency: number,
  onProgress: (progress: LaneProgress) => void,
): Promise<LaneProgress> {
  const progress: LaneProgress = {
    done: 0,
    total: lanes.reduce((sum, lane) => sum + lane.length, 0),
    replayed: 0,
    skipped: 0,
  };
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && next < lanes.length) {
      const lane = lanes[next++];
      for (const [index, request] of lane.entries()) {
        if (failure !== null) return;
        try {
          const answer = await client.send(request.method, request.path, {
            body: request.body,
            idempotencyKey: request.idempotencyKey,
          });
          progress.done++;
          if (answer.replayed) progress.replayed++;
        } catch (error) {
          if (error instanceof StreamMovedOnError) {
            const left = lane.length - index;
            progress.done += left;
            progress.skipped += left;
            break;
          }
          failure ??= error;
          return;
        }
      }
    }
  };
  const ticker = setInterval(() => onProgress(progress), 250);
  try {
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  } finally {
    clearInterval(ticker);
  }
  onProgress(progress);
  if (failure !== null) throw failure;
  return progress;
}
