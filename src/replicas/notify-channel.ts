import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from '../logger.ts';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_NOTIFY_BYTES = 7_999;
const RECONNECT_MS = { first: 250, max: 10_000 };

export interface NotifyChannelOptions {
  url: string;
  /** Channel name: an identifier (letters, digits, underscores). */
  channel: string;
  /** Each payload NOTIFY delivered on the channel, in the order they were sent. */
  onMessage(payload: string): void;
  /** After the listening connection came back: what was sent meanwhile is lost (caches must be dropped). */
  onReconnected(): void;
  logger: Logger;
}

/**
 * A PostgreSQL LISTEN/NOTIFY channel: one dedicated connection listens (a pooled one would be
 * handed to other queries and stop listening) and is opened again with a back-off when it drops;
 * another sends, one payload after the other, so that every listener receives a replica's
 * messages in the order it sent them. Sending never throws: a message that cannot be sent is
 * logged and dropped (listeners may miss messages anyway while their connection is down).
 */
export class NotifyChannel {
  private listener: pg.Client | null = null;
  private sender: pg.Client;
  private senderReady: Promise<unknown>;
  private sending: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(private readonly options: NotifyChannelOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) throw new Error(`not a channel name: ${options.channel}`);
    this.sender = this.newClient();
    this.senderReady = this.sender.connect();
  }

  /** Connected and listening once it resolves. */
  static async open(options: NotifyChannelOptions): Promise<NotifyChannel> {
    const channel = new NotifyChannel(options);
    try {
      await channel.senderReady;
      await channel.listen();
    } catch (error) {
      await channel.close();
      throw error;
    }
    return channel;
  }

  /** Sends `payload` (at most MAX_NOTIFY_BYTES) after every payload sent before it. */
  send(payload: string): Promise<void> {
    if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) throw new RangeError(`a NOTIFY payload must be under 8000 bytes (got ${Buffer.byteLength(payload)})`);
    this.sending = this.sending
      .then(() => this.senderReady)
      .then(() => this.sender.query('select pg_notify($1, $2)', [this.options.channel, payload]))
      .then(
        () => undefined,
        (error: unknown) => {
          this.options.logger.warn('replicas: a change could not be sent to the other replicas', { error: String(error) });
          if (!this.closed) this.senderReady = this.reopenSender();
        },
      );
    return this.sending;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.sending;
    await Promise.allSettled([this.listener?.end(), this.sender.end()]);
  }

  private newClient(): pg.Client {
    const client = new pg.Client({ connectionString: this.options.url });
    // A dropped connection also emits 'end', where it is handled; without a listener 'error' would throw.
    client.on('error', () => {});
    return client;
  }

  private async reopenSender(): Promise<void> {
    await this.sender.end().catch(() => {});
    this.sender = this.newClient();
    await this.sender.connect();
  }

  private async listen(): Promise<void> {
    const client = this.newClient();
    client.on('notification', (message) => {
      if (message.channel === this.options.channel && message.payload !== undefined) this.options.onMessage(message.payload);
    });
    try {
      await client.connect();
      await client.query(`listen ${this.options.channel}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    // Watched once listening: a connection that never opened is retried by its caller.
    client.once('end', () => {
      if (this.closed) return;
      this.options.logger.warn("replicas: the connection listening for other replicas' changes dropped; reconnecting");
      void this.reconnect();
    });
    this.listener = client;
  }

  private async reconnect(): Promise<void> {
    for (let wait = RECONNECT_MS.first; !this.closed; wait = Math.min(wait * 2, RECONNECT_MS.max)) {
      await delay(wait);
      try {
        await this.listen();
        this.options.logger.info('replicas: listening for other replicas\' changes again');
        this.options.onReconnected();
        return;
      } catch (error) {
        this.options.logger.warn('replicas: cannot listen for other replicas\' changes yet', { error: String(error) });
      }
    }
  }
}
