import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/central/schema.ts',
  out: './db/central/migrations',
});
