// Head office for the server suites, as hooks (test/helpers/later.ts): a database on one backend
// (test/helpers/central.ts) with the Fastify app over it, made before the describe block's tests and
// closed after them, and test branches made in it — each returned as a const the tests use directly.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildServer, type BuildServerOptions } from '../../server/app';
import type { CentralDb } from '../../server/db';
import { setupBranch, type CentralBackend, type TestBranch } from './central';
import { later } from './later';

export interface ServerTestBed {
  db: CentralDb;
  /** The server over `db`, for `app.inject` (test/helpers/central.ts `post`); it does not listen. */
  app: FastifyInstance;
}

/** A fresh database of `open`'s backend and a server built over it with `server`'s options. */
export function serverTestBed(open: CentralBackend['open'], server: Omit<BuildServerOptions, 'db'> = {}): ServerTestBed {
  const db = later<CentralDb>('the test database');
  const app = later<FastifyInstance>('the server');
  let opened: CentralDb | undefined;
  let built: FastifyInstance | undefined;
  beforeAll(async () => {
    opened = await open();
    db.fill(opened);
    built = buildServer({ db: opened, ...server });
    app.fill(built);
  });
  afterAll(async () => {
    await built?.close();
    await opened?.close();
  });
  return { db: db.value, app: app.value };
}

/** A branch made in `db` (setupBranch: staff, a customer, a loan, an enrolled device) before the block's tests. */
export function useTestBranch(db: CentralDb): TestBranch {
  const branch = later<TestBranch>('test branch');
  beforeAll(async () => {
    branch.fill(await setupBranch(db));
  });
  return branch.value;
}
