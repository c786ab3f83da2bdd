import type { ImportOperation, Refusal } from './import-operation';
import type { ImportPlan, PlannedOperation, StreamPlan } from './import-plan';
import type { WriteOutcome } from './import-writer';

/** What the runner needs from the rest of the service. */
export interface ImportPorts {
  /** The API's answer to the row's body and id (its 400), or undefined when the route takes it. */
  check(operation: ImportOperation): Promise<Refusal | undefined>;
  write(operation: PlannedOperation): Promise<WriteOutcome>;
  /** The API's answer to an error the command path threw; undefined for an unexpected one. */
  refusalOf(error: unknown): Refusal | undefined;
}

export interface RefusedRow extends Refusal {
  line: number;
  event: string;
  complaintId?: string;
  customerId?: string;
}

export interface ImportTotals {
  /** Rows (commands) applied so far, whatever their outcome. */
  done: number;
  eventsWritten: number;
  rowsWritten: number;
  rowsPresent: number;
  rowsRefused: number;
}

export interface ImportResult extends ImportTotals {
  refused: RefusedRow[];
  /** Stopped before the end (Ctrl-C): what is counted was done, the rest was not tried. */
  interrupted: boolean;
}

export interface RunOptions {
  /** Streams written at once (default 64). */
  concurrency?: number;
  onProgress?: (totals: Readonly<ImportTotals>) => void;
  /** Aborted: the rows under way finish, no other is started. */
  signal?: AbortSignal;
}

/**
 * Applies a plan: streams in parallel (up to `concurrency`), each stream's rows one after
 * another in its order; a follow-up's stream waits until the complaint it follows was filed
 * (or refused). A refused row is counted and reported, and the stream goes on with its next
 * row. An unexpected error (the store failing) stops the import with that error.
 */
export async function runImport(
  plan: ImportPlan,
  ports: ImportPorts,
  options: RunOptions = {},
): Promise<ImportResult> {
  const totals: ImportTotals = { done: 0, eventsWritten: 0, rowsWritten: 0, rowsPresent: 0, rowsRefused: 0 };
  const refused: RefusedRow[] = [];
  const filed = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  for (const stream of plan.streams) {
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    filed.set(stream.streamId, { promise, resolve });
  }
  let failure: unknown;
  const stopped = () => options.signal?.aborted === true || failure !== undefined;

  const refuse = (operation: ImportOperation, refusal: Refusal) => {
    totals.rowsRefused++;
    refused.push({
      line: operation.line,
      event: operation.event,
      ...(operation.complaintId !== undefined && { complaintId: operation.complaintId }),
      ...(operation.customerId !== undefined && { customerId: operation.customerId }),
      ...refusal,
    });
  };

  const apply = async (operation: PlannedOperation) => {
    const refusal = operation.refusal ?? (await ports.check(operation));
    if (refusal) return refuse(operation, refusal);
    try {
      const outcome = await ports.write(operation);
      if (outcome.kind === 'present') totals.rowsPresent++;
      else {
        totals.rowsWritten++;
        totals.eventsWritten += outcome.events;
      }
    } catch (error) {
      const answer = ports.refusalOf(error);
      if (!answer) throw error;
      refuse(operation, answer);
    }
  };

  const runStream = async (stream: StreamPlan) => {
    if (stream.after !== undefined) await filed.get(stream.after)!.promise;
    try {
      for (const operation of stream.operations) {
        if (stopped()) return;
        await apply(operation);
        totals.done++;
        if (operation.command === 'file') filed.get(stream.streamId)!.resolve();
        options.onProgress?.(totals);
      }
    } finally {
      filed.get(stream.streamId)!.resolve();
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < plan.streams.length && !stopped()) {
      const stream = plan.streams[next++];
      try {
        await runStream(stream);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 64) }, worker));
  if (failure !== undefined) throw failure;
  refused.sort((a, b) => a.line - b.line);
  return { ...totals, refused, interrupted: options.signal?.aborted === true };
}
