// The return scenario: POST /api/returns refunding one whole line of a sale the checkout scenario rang up
// (its tills' registers `bench-till-…`), at the same till, paced at BENCH_RETURN_RATE returns/s offered.
// A sale is returned at most once, so the offered count is capped by the sales there are to return.
import { randomUUID } from 'node:crypto';

/** Sales of the benchmark's tills not yet returned, each with its first line and what was paid for it. */
async function returnableLines(kit, url, limit) {
  return kit.withClient(url, async (client) => {
    const { rows } = await client.query(
      `select distinct on (t.id) t.id as sale_id, i.id as line_id, i.quantity, i.total_cents::int as total
       from sales_transactions t join sales_transaction_items i on i.transaction_id = t.id
       where t.register_id like $1 and t.kind = 'sale' and t.status = 'completed' and i.returned_quantity = 0
         and not exists (select 1 from sales_transactions r where r.original_transaction_id = t.id)
       order by t.id, i.id
       limit $2`,
      [`${kit.TILL_PREFIX}%`, limit],
    );
    return rows;
  });
}

/**
 * A refund of the whole line (so exactly its total, net and tax, is due): on the sale's card up to the 5.00 it
 * paid, the rest in cash (a mixed refund is not cash-rounded).
 */
function returnBody(storeId, line, till, cardCents) {
  const card = Math.min(line.total, cardCents);
  const refundTenders = [{ method: 'card', amountCents: card }];
  if (line.total > card) {
    refundTenders.push({ method: 'cash', amountCents: line.total - card });
  }
  return JSON.stringify({
    id: randomUUID(),
    storeId,
    registerId: till.registerId,
    shiftId: till.shiftId,
    originalSaleId: line.sale_id,
    lines: [{ originalLineId: line.line_id, quantity: line.quantity, restock: true }],
    refundTenders,
    reason: 'benchmark: changed mind',
  });
}

export async function returnScenario(kit, { url, appUrl, storeId, tills, token, label, rate }, rows, notes) {
  const wanted = Math.round(rate * kit.seconds);
  const lines = await returnableLines(kit, url, wanted);
  if (lines.length === 0) {
    notes.push('- return: no sales of the checkout scenario to return; skipped');
    return;
  }
  // Fewer sales than the offered rate needs: offer what there is over the same duration.
  const offered = lines.length >= wanted ? rate : Math.max(1, Math.floor(lines.length / kit.seconds));
  kit.log(`return (${label}): ${offered} returns/s offered, ${tills.length} tills`);
  const result = await kit.paced({
    url: appUrl,
    requestFor: (index, till) => ({
      method: 'POST',
      path: '/api/returns',
      body: returnBody(storeId, lines[index], till, kit.CARD_CENTS),
    }),
    headers: { Authorization: `Bearer ${token}` },
    connections: tills.length,
    rate: offered,
    expect: 201,
    slots: tills,
  });
  rows.push({
    name: `return POST /api/returns, ${label} (1 whole line of a recent sale)`,
    connections: tills.length,
    rate: offered,
    ...result,
    ratio: 'none¹',
  });
  notes.push(
    '- ¹ return has no bare-pg baseline: its writes (a return transaction, its line, the refund tenders, the original line’s returned quantity, restock movements, the audit row) are not scripted yet; compare its CPU and p95 with checkout’s.',
  );
  notes.push(...kit.errorNote(`return, ${label}`, result));
}
