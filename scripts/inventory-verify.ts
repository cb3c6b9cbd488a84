// `npm run inventory:verify`: checks the stock ledger invariant on the configured database (DATABASE_URL or
// the PGlite data dir): every inventory.on_hand equals the sum of its stock_movements, and every lot's
// on_hand the sum of the movements naming it, and no product's lots hold more than its on-hand. Exit code 0 when the books balance, 1 with each difference.
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db/client';
import { countLedgerPairs, findLedgerMismatches } from '../server/modules/inventory/inventory.repo';
import { loadEnvFiles } from '../server/lib/env-files';

loadEnvFiles();
const config = loadConfig();
const database = await openDatabase(config.db);
let exitCode = 0;
try {
  const mismatches = await findLedgerMismatches(database.db);
  const checked = await countLedgerPairs(database.db);
  if (mismatches.length === 0) {
    console.log(
      `ledger OK: ${checked.pairs} store/product pairs checked` +
        (checked.lots > 0 ? ` (and ${checked.lots} lots)` : ''),
    );
  } else {
    console.error(
      `ledger MISMATCH: ${mismatches.length} difference(s) in ${checked.pairs} store/product pairs`,
    );
    for (const m of mismatches) {
      if (m.kind === 'lots') {
        console.error(
          `  store ${m.storeCode}  SKU ${m.sku}  lots hold ${m.ledgerSum}, more than on_hand ${m.onHand}`,
        );
        continue;
      }
      const what = m.kind === 'lot' ? `lot ${m.lotNumber ?? m.lotId}` : 'inventory';
      console.error(
        `  store ${m.storeCode}  SKU ${m.sku}  ${what}: on_hand ${m.onHand ?? '(no row)'}, ledger sum ${m.ledgerSum}`,
      );
    }
    exitCode = 1;
  }
} finally {
  await database.close();
}
process.exitCode = exitCode;
