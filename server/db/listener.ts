// One LISTEN connection per process, shared by everything that hears from the app's other processes (PM2
// workers, or several hosts on one database): the cluster-wide /metrics and the credential announcements.
// LISTEN needs a session of its own, outside the pool; PGlite runs in one process and needs none of this.
import pg from 'pg';
import type { Logger } from '../lib/logger';

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

export type NotificationHandler = (payload: string | undefined, client: pg.Client) => void;

export type DatabaseListener = {
  /** Calls `handler` for each NOTIFY on `channel` (subscribe before start). */
  subscribe(channel: string, handler: NotificationHandler): void;
  /** Called each time the connection is made again: notifications sent while it was down are lost. */
  onReconnected(handler: () => void): void;
  /** The live connection (to answer on), or null while it is down. */
  client(): pg.Client | null;
  /** Connects and LISTENs; on failure keeps retrying in the background, so serving never waits for it. */
  start(): Promise<void>;
  stop(): Promise<void>;
};

export type DatabaseListenerOptions = {
  connection: { url: string; ssl: boolean };
  logger: Logger;
};

export function createDatabaseListener(options: DatabaseListenerOptions): DatabaseListener {
  const log = options.logger.child({ category: 'lifecycle' });
  const handlers = new Map<string, NotificationHandler[]>();
  const reconnectedHandlers: Array<() => void> = [];
  let current: pg.Client | null = null;
  let stopped = false;
  let connectedBefore = false;
  let reconnectDelay = RECONNECT_MIN_MS;
  let reconnectTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: options.connection.url,
      ssl: options.connection.ssl ? { rejectUnauthorized: true } : undefined,
      application_name: 'pos-listener',
    });
    next.on('notification', (notification) => {
      for (const handler of handlers.get(notification.channel) ?? []) {
        handler(notification.payload, next);
      }
    });
    // A database restart ends the session: reconnect with backoff.
    const lost = () => {
      if (current !== next) {
        return;
      }
      current = null;
      next.end().catch(() => {});
      scheduleReconnect();
    };
    next.on('error', lost);
    next.on('end', lost);
    try {
      await next.connect();
      for (const channel of handlers.keys()) {
        await next.query(`listen ${pg.escapeIdentifier(channel)}`);
      }
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    current = next;
    reconnectDelay = RECONNECT_MIN_MS;
    if (connectedBefore) {
      for (const handler of reconnectedHandlers) {
        handler();
      }
    }
    connectedBefore = true;
  };

  const scheduleReconnect = () => {
    if (stopped || reconnectTimer) {
      return;
    }
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect().catch((error: unknown) => {
        log.warn('database listener could not reconnect; retrying', { err: error });
        reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
        scheduleReconnect();
      });
    }, reconnectDelay);
    reconnectTimer.unref();
  };

  return {
    subscribe: (channel, handler) => {
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
    },
    onReconnected: (handler) => {
      reconnectedHandlers.push(handler);
    },
    client: () => current,
    start: async () => {
      stopped = false;
      try {
        await connect();
      } catch (error) {
        log.warn('database listener could not connect; retrying', { err: error });
        // The first connection failed: whatever was sent meanwhile is lost, as after a reconnect.
        connectedBefore = true;
        scheduleReconnect();
      }
    },
    stop: async () => {
      stopped = true;
      clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      const target = current;
      current = null;
      await target?.end().catch(() => {});
    },
  };
}
