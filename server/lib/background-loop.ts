/**
 * A loop beside a process's main work (the webhook sender, the alert
 * evaluator): start() runs `loop()` once, stop() aborts `this.abort` (which the
 * loop's sleeps watch), waits for the loop to end, then for `settle()`.
 */
export abstract class BackgroundLoop {
  protected readonly abort = new AbortController();
  private done: Promise<void> | null = null;

  start(): void {
    this.done ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.done;
    await this.settle();
  }

  /** What stop() waits for after the loop ended (work still in flight). */
  protected async settle(): Promise<void> {}

  protected abstract loop(): Promise<void>;
}
