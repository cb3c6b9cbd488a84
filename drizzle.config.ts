import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from the schema. They are committed and never edited once they land.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema/index.ts',
  out: './migrations',
  strict: true,
});
