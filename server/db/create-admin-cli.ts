// `npm run user:create-admin -- --username NAME [--name "Full Name"]`: the first admin of a production
// database (which is never seeded). The password comes from ADMIN_PASSWORD or the first line of stdin,
// so it never appears in the shell history or the process list.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { passwordSchema } from '../../shared/schemas/auth';
import { loadConfig } from '../config';
import { loadEnvFiles } from '../lib/env-files';
import { createUser } from '../modules/users/users.service';
import { openDatabase } from './client';
import { migrateDatabase } from './migrate';

const { values } = parseArgs({ options: { username: { type: 'string' }, name: { type: 'string' } } });
if (!values.username) {
  console.error(
    'usage: npm run user:create-admin -- --username NAME [--name "Full Name"]  (password: ADMIN_PASSWORD or stdin)',
  );
  process.exit(2);
}

async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) {
    return process.env.ADMIN_PASSWORD;
  }
  if (process.stdin.isTTY) {
    process.stdout.write('Password (12 to 72 bytes; it is shown as you type): ');
  }
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

const password = await readPassword();
const passwordCheck = passwordSchema().safeParse(password);
if (!passwordCheck.success) {
  console.error(`password ${passwordCheck.error.issues[0]?.message ?? 'is not acceptable'}`);
  process.exit(2);
}

loadEnvFiles();
const config = loadConfig();
const database = await openDatabase(config.db);
try {
  await migrateDatabase(database);
  const user = await createUser(
    { db: database.db, bcryptRounds: config.auth.bcryptRounds },
    {
      username: values.username,
      name: values.name ?? values.username,
      password,
      role: 'admin',
      storeIds: [],
      email: null,
    },
    null,
    { ip: null, userAgent: 'create-admin-cli' },
  );
  console.log(`Admin ${user.username} created (id ${user.id})`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
