// Checkpoints wait for a pause in writing: a save never pays for copying the WAL back into the
// database. While writes keep coming the database file stays as it was (the pages are in the WAL);
// a quarter second after the last one, they are copied into it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalStore } from '../../db/local/store';
import { openTestStore, tempDir } from '../helpers/fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the idle checkpoint', () => {
  let store: LocalStore | undefined;
  afterEach(() => store?.close());

  it('copies the WAL into the database after writes pause, not during them', async () => {
    const file = path.join(tempDir('checkpoint-'), 'workstation.db');
    store = openTestStore(file);
    await sleep(400); // the migrations' own writes are checkpointed first
    store.transaction((w) => w.sql.exec('CREATE TABLE scratch (id INTEGER PRIMARY KEY, body BLOB)'));
    const sizeBefore = fs.statSync(file).size;
    const payload = Buffer.alloc(16_384, 7);
    // A burst: each write comes well inside the idle time of the one before.
    for (let i = 0; i < 10; i++) {
      store.transaction((w) => w.sql.prepare('INSERT INTO scratch (body) VALUES (?)').run(payload));
      await sleep(50);
    }
    expect(fs.statSync(file).size).toBe(sizeBefore);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(10 * payload.length);
    await sleep(500);
    expect(fs.statSync(file).size).toBeGreaterThan(sizeBefore + 10 * payload.length);
    expect(store.read().sql.prepare('SELECT COUNT(*) AS n FROM scratch').get()).toEqual({ n: 10 });
  });

  it('is called off when the store closes', async () => {
    store = openTestStore(path.join(tempDir('checkpoint-'), 'workstation.db'));
    store.transaction((w) => w.sql.exec('CREATE TABLE scratch (id INTEGER PRIMARY KEY)'));
    store.close();
    store = undefined;
    await sleep(400); // a timer left running would use the closed connection and throw
  });
});
