/**
 * At most `size` messages of one worker composed and handed to the mail server at once, whatever
 * the jobs they come from: a job holds a meeting's rows, and the worker sends as many messages at a
 * time as CONVOCATION_WORKER_CONCURRENCY says, as when each job was one message.
 */
export class SendingSlots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, or becomes free.
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}

/**
 * Records the mail server's acceptances in groups: the first answer is written at once, and the
 * answers that arrive while a write is under way are written together by the next one (one
 * statement, one round trip, however many). Each `record` resolves once its own row is written,
 * so a message is finished only when the database says it was sent.
 */
export class GroupedWrites<T> {
  private readonly queued: Array<{ entry: T; done: (error?: unknown) => void }> = [];
  private writing = false;

  constructor(
    private readonly write: (entries: T[]) => Promise<void>,
    private readonly maxGroup: number,
  ) {}

  record(entry: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queued.push({ entry, done: (error?: unknown) => (error === undefined ? resolve() : reject(error)) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queued.length > 0) {
        const group = this.queued.splice(0, this.maxGroup);
        try {
          await this.write(group.map((item) => item.entry));
          for (const item of group) item.done();
        } catch (error) {
          for (const item of group) item.done(error ?? new Error('write failed'));
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
