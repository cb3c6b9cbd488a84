// The checkout load of the fault suite: clients selling in a loop with unique sale ids, each sale retried with the
// same id on a network error or a 5xx (as the till's offline queue does) until the API acknowledges it.
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { type Answer, httpRequest } from '../../deploy/support/pm2';

export type Auth = { kind: 'cookie'; cookie: string; csrfToken: string } | { kind: 'bearer'; token: string };

export function authHeaders(auth: Auth): Record<string, string> {
  return auth.kind === 'cookie'
    ? { Cookie: auth.cookie, 'X-CSRF-Token': auth.csrfToken }
    : { Authorization: `Bearer ${auth.token}` };
}

export type Seller = { auth: Auth; registerId: string; shiftId: string };

export type PhaseFigures = {
  /** Unique sale ids sent. */
  sales: number;
  /** POST /api/sales attempts, first sends and retries. */
  requests: number;
  acknowledged: number;
  retried: number;
  /** Sales still unacknowledged when the client gave up (counted apart from lost: no client saw them succeed). */
  abandoned: number;
  byStatus: Record<string, number>;
  connectionErrors: string[];
  maxLatencyMs: number;
  /** Acknowledgements with the time they arrived and the kind of client, for "who kept selling during the fault". */
  acks: { at: number; kind: Auth['kind'] }[];
  /** One body of each non-2xx status, to show what the clients were told. */
  sampleErrors: Record<string, string>;
  /** Non-2xx answers counted by status and the error's message. */
  byError: Record<string, number>;
  ackedIds: string[];
};

export type Shop = {
  port: number;
  storeId: string;
  products: { id: string; priceCents: number }[];
  /** Every id any client ever sent, over the whole file. */
  sentIds: Set<string>;
};

function errorMessage(body: string): string {
  try {
    return (JSON.parse(body) as { error?: { message?: string } }).error?.message ?? body.slice(0, 80);
  } catch {
    return body.slice(0, 80);
  }
}

export async function openSeller(shop: Shop, auth: Auth, label: string): Promise<Seller> {
  const registerId = `fault-${label}-${randomBytes(3).toString('hex')}`;
  const answer = await httpRequest(shop.port, 'POST', '/api/shifts', {
    headers: authHeaders(auth),
    body: { storeId: shop.storeId, registerId, openingFloatCents: 10_000 },
  });
  if (answer.status !== 201) {
    throw new Error(`opening a shift answered ${answer.status}: ${answer.body}`);
  }
  return { auth, registerId, shiftId: (JSON.parse(answer.body) as { id: string }).id };
}

/**
 * Runs the sellers until `stop` resolves. A sale in flight when the phase stops is still retried until it is
 * acknowledged or `maxAttempts` is spent, so the figures close over whole sales.
 */
export async function sellUntil(
  shop: Shop,
  sellers: Seller[],
  stop: Promise<void>,
  options: { maxAttempts?: number; retryDelayMs?: number } = {},
): Promise<PhaseFigures> {
  const maxAttempts = options.maxAttempts ?? 200;
  const retryDelayMs = options.retryDelayMs ?? 250;
  const figures: PhaseFigures = {
    sales: 0,
    requests: 0,
    acknowledged: 0,
    retried: 0,
    abandoned: 0,
    byStatus: {},
    connectionErrors: [],
    maxLatencyMs: 0,
    acks: [],
    sampleErrors: {},
    byError: {},
    ackedIds: [],
  };
  let stopping = false;
  void stop.then(() => {
    stopping = true;
  });
  const post = async (agent: http.Agent | false, seller: Seller, body: unknown): Promise<Answer | null> => {
    figures.requests += 1;
    const started = Date.now();
    try {
      const answer = await httpRequest(shop.port, 'POST', '/api/sales', {
        headers: authHeaders(seller.auth),
        body,
        agent,
      });
      figures.byStatus[answer.status] = (figures.byStatus[answer.status] ?? 0) + 1;
      if (answer.status >= 300) {
        figures.sampleErrors[answer.status] ??= answer.body.slice(0, 300);
        const key = `${answer.status} ${errorMessage(answer.body)}`;
        figures.byError[key] = (figures.byError[key] ?? 0) + 1;
      }
      return answer;
    } catch (error) {
      figures.connectionErrors.push((error as Error).message);
      return null;
    } finally {
      figures.maxLatencyMs = Math.max(figures.maxLatencyMs, Date.now() - started);
    }
  };
  const client = async (seller: Seller, index: number) => {
    // Half keep their connection alive (as Nginx's upstream keepalive does), half open one per request.
    const agent = index % 2 === 0 ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
    let n = index;
    try {
      while (!stopping) {
        const id = randomUUID();
        const product = shop.products[n % shop.products.length]!;
        n += 7;
        const body = {
          id,
          storeId: shop.storeId,
          registerId: seller.registerId,
          shiftId: seller.shiftId,
          lines: [{ productId: product.id, quantity: 1 }],
          tenders: [{ method: 'cash', amountCents: product.priceCents + 1000 }],
        };
        shop.sentIds.add(id);
        figures.sales += 1;
        for (let attempt = 0; ; attempt += 1) {
          if (attempt > 0) {
            figures.retried += 1;
            await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
          }
          const answer = await post(agent, seller, body);
          if (answer && (answer.status === 201 || answer.status === 200)) {
            figures.acknowledged += 1;
            figures.ackedIds.push(id);
            figures.acks.push({ at: Date.now(), kind: seller.auth.kind });
            break;
          }
          const retryable = answer === null || answer.status >= 500;
          if (!retryable || attempt + 1 >= maxAttempts) {
            figures.abandoned += 1;
            break;
          }
        }
      }
    } finally {
      if (agent) {
        agent.destroy();
      }
    }
  };
  await Promise.all(sellers.map((seller, index) => client(seller, index)));
  return figures;
}
