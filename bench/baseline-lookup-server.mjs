// Baseline for the scan lookup: a bare node:http server running the same single indexed SELECT through pg,
// with no framework, no auth and no logging. The app's figure is reported as a ratio to this one.
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_MAX_CONNECTIONS ?? 10),
});
const LOOKUP_SQL = `
  select p.id, p.sku, p.name, p.brand, p.category_id, p.species, p.price_cents, p.cost_cents, p.tax_class, p.unit,
         p.active, p.is_lot_tracked, p.image_key, p.created_at, p.updated_at,
         coalesce((select json_agg(b.barcode order by b.barcode) from product_barcodes b where b.product_id = p.id), '[]') as barcodes,
         coalesce(i.on_hand, 0) as on_hand
  from products p
  left join inventory i on i.store_id = $2 and i.product_id = p.id
  where p.id = coalesce((select product_id from product_barcodes where barcode = $1), (select id from products where sku = $1))`;

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  try {
    const { rows } = await pool.query(LOOKUP_SQL, [
      url.searchParams.get('code'),
      url.searchParams.get('storeId'),
    ]);
    res.writeHead(rows.length ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(rows[0] ?? { error: 'not found' }));
  } catch (error) {
    res.writeHead(500);
    res.end(String(error));
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('baseline ready'));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
