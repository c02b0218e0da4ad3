import type pg from 'pg';
import { loadPg } from '../server/db/drivers';
import type { Logger } from '../server/lib/logger';
import { RUN_QUEUED_CHANNEL } from '../server/queue/notify';

/**
 * PostgreSQL only: LISTEN for queued runs so an idle worker starts them at
 * once instead of at its next poll. Reconnects with backoff; polling keeps
 * working meanwhile, so a lost notification only costs latency.
 */
export class QueueListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private attempts = 0;

  constructor(
    private readonly url: string,
    private readonly onNotify: () => void,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const { Client } = await loadPg();
    if (this.stopped) return;
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    client.on('notification', () => this.onNotify());
    client.on('error', (err) => {
      this.logger.warn({ err }, 'LISTEN connection lost; polling meanwhile');
      this.reconnect(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${RUN_QUEUED_CHANNEL}`);
      this.client = client;
      this.attempts = 0;
    } catch (err) {
      this.logger.debug({ err }, 'LISTEN connection failed; retrying');
      this.reconnect(client);
    }
  }

  private reconnect(client: pg.Client): void {
    if (this.client === client) this.client = null;
    client.end().catch(() => undefined);
    if (this.stopped || this.retryTimer) return;
    this.attempts += 1;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(this.attempts, 6));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
