/** The result of one request within a committed batch. */
export type Outcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

/**
 * Group commit: requests made while the event loop is busy, or while the previous batch is
 * being committed, are gathered and handed to `commitBatch` together, so one transaction
 * (one fsync) serves them all. One batch is committed at a time. `commitBatch` decides each
 * request's outcome; if it fails, every request of the batch fails with its error.
 */
export class GroupCommit<Request, Result> {
  private pending: {
    request: Request;
    resolve: (value: Result) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private scheduled = false;
  private committing?: Promise<void>;

  constructor(private readonly commitBatch: (requests: Request[]) => Promise<Outcome<Result>[]>) {}

  submit(request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything submitted so far is committed (or failed). */
  async drain(): Promise<void> {
    while (this.committing || this.pending.length > 0) {
      if (!this.committing) this.flush();
      await this.committing;
    }
  }

  private schedule(): void {
    if (this.scheduled || this.committing) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.committing || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.committing = this.commitBatch(batch.map((item) => item.request)).then(
      (outcomes) =>
        batch.forEach((item, index) => {
          const outcome = outcomes[index];
          if (outcome.ok) item.resolve(outcome.value);
          else item.reject(outcome.error);
        }),
      (error: unknown) => {
        for (const item of batch) item.reject(error);
      },
    );
    void this.committing.finally(() => {
      this.committing = undefined;
      if (this.pending.length > 0) this.schedule();
    });
  }
}
