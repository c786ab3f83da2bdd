/** The result of one request within a committed batch. */
export type Outcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

/**
 * Group commit: requests made while the event loop is busy are gathered and handed to
 * `commitBatch` together on the next turn, so one transaction (one fsync) serves them all.
 * `commitBatch` decides each request's outcome; if it throws, every request of the batch
 * fails with that error.
 */
export class GroupCommit<Request, Result> {
  private pending: {
    request: Request;
    resolve: (value: Result) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private scheduled = false;

  constructor(private readonly commitBatch: (requests: Request[]) => Outcome<Result>[]) {}

  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever is pending now; also called on close. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    let outcomes: Outcome<Result>[];
    try {
      outcomes = this.commitBatch(batch.map((item) => item.request));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
