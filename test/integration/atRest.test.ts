// Data at rest: the database file is encrypted and owner-only, a database from before encryption is
// encrypted in place with its rows kept, the wrong key changes nothing, blobs and previews are sealed.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseKeyError, LocalStore } from '../../db/local/store';
import { DATA_KEY_FILE_NAME, DataKeyError, deriveStoreKeys, keyInDataFolder, loadDataKey, storeKeysFor, type KeyProtector } from '../../main/services/dataKey';
import { BLOB_FOLDER, openBlobStore } from '../../main/services/blobStore';
import { openWorkstation } from '../../main/services/bootstrap';
import { createFixture, openRawTestConnection, openTestStore, serviceContext, tempDir } from '../helpers/fixtures';
import { mutate } from '../../main/services/mutate';
import { verifyAuditChain } from '../../main/services/audit';
import { loanNoteAdd } from '../../shared/mutations/loanNote';
import { canonicalJson } from '../../shared/canonicalJson';

const PHONE = '13912345678';
const mode = (file: string) => fs.statSync(file).mode & 0o777;
const contains = (file: string, text: string) => fs.readFileSync(file).includes(Buffer.from(text, 'utf8'));

describe('the database at rest', () => {
  it('is encrypted, owner-only, and unreadable without its key', () => {
    const fx = createFixture();
    fx.store.transaction((w) => w.sql.prepare('UPDATE customers SET phone = ? WHERE id = ?').run(PHONE, 'cust-A'));
    fx.store.close();

    const bytes = fs.readFileSync(fx.file);
    expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(contains(fx.file, PHONE)).toBe(false);
    expect(contains(fx.file, '测试支行A')).toBe(false);
    if (process.platform !== 'win32') {
      expect(mode(fx.file)).toBe(0o600);
      expect(mode(path.join(fx.dir, DATA_KEY_FILE_NAME))).toBe(0o600);
      expect(mode(fx.dir)).toBe(0o700);
    }

    // Plain SQLite cannot read it; the right key can.
    const plain = new Database(fx.file, { readonly: true });
    expect(() => plain.prepare('SELECT COUNT(*) FROM customers').get()).toThrow(/not a database/);
    plain.close();
    const keyed = openRawTestConnection(fx.file, { readonly: true });
    expect(keyed.prepare('SELECT phone FROM customers WHERE id = ?').get('cust-A')).toEqual({ phone: PHONE });
    keyed.close();
  });

  it('keeps the write-ahead log owner-only and encrypted while the app runs', () => {
    const fx = createFixture();
    fx.store.transaction((w) => w.sql.prepare('UPDATE customers SET phone = ? WHERE id = ?').run(PHONE, 'cust-A'));
    const wal = `${fx.file}-wal`;
    expect(fs.existsSync(wal)).toBe(true);
    if (process.platform !== 'win32') expect(mode(wal)).toBe(0o600);
    expect(contains(wal, PHONE)).toBe(false);
    fx.store.close();
  });

  it('refuses another key with a clear error and leaves the file as it was', () => {
    const fx = createFixture();
    fx.store.close();
    const before = createHash('sha256').update(fs.readFileSync(fx.file)).digest('hex');
    const otherKeys = deriveStoreKeys(Buffer.alloc(32, 1));
    expect(() => LocalStore.open(fx.file, otherKeys)).toThrow(DatabaseKeyError);
    expect(createHash('sha256').update(fs.readFileSync(fx.file)).digest('hex')).toBe(before);
    expect(fs.readdirSync(fx.dir).filter((f) => f.includes('.bak'))).toEqual([]);
  });

  it('never makes a new key for a folder whose encrypted database lost its key file', () => {
    const fx = createFixture();
    fx.store.close();
    fs.rmSync(path.join(fx.dir, DATA_KEY_FILE_NAME));
    expect(() => storeKeysFor(fx.file, keyInDataFolder)).toThrow(DataKeyError);
    expect(fs.existsSync(path.join(fx.dir, DATA_KEY_FILE_NAME))).toBe(false);
  });

  it('refuses a key sealed by another kind of protector', () => {
    const dir = tempDir();
    loadDataKey(dir, keyInDataFolder, true);
    const keystore: KeyProtector = { kind: 'os-keystore', seal: (k) => k, open: (s) => s };
    expect(() => loadDataKey(dir, keystore, false)).toThrow(/protected by "file"/);
  });

  it('encrypts a database written before encryption in place, keeping every row', () => {
    const dir = tempDir();
    const file = path.join(dir, 'workstation.db');
    // First an encrypted fixture to get a migrated schema with rows, then decrypted as an old release left it.
    const fx = createFixture(dir);
    fx.store.transaction((w) => w.sql.prepare('UPDATE customers SET phone = ? WHERE id = ?').run(PHONE, 'cust-A'));
    fx.store.close();
    const raw = openRawTestConnection(file);
    raw.pragma('journal_mode = DELETE');
    raw.pragma("rekey = ''");
    raw.close();
    expect(fs.readFileSync(file).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    expect(contains(file, PHONE)).toBe(true);

    const store = openTestStore(file);
    expect(store.read().sql.prepare('SELECT phone FROM customers WHERE id = ?').get('cust-A')).toEqual({ phone: PHONE });
    expect(store.read().sql.prepare('SELECT COUNT(*) AS n FROM installments').get()).toEqual({ n: 24 });
    store.close();
    expect(contains(file, PHONE)).toBe(false);
    expect(fs.readFileSync(file).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
  });

  it('opens a workstation folder owner-only with its key sealed by the given protector', () => {
    const dir = path.join(tempDir(), 'fresh');
    const sealedWith: string[] = [];
    const protector: KeyProtector = {
      kind: 'os-keystore',
      seal: (k) => (sealedWith.push('seal'), Buffer.from(k.map((b) => b ^ 0xff))),
      open: (s) => Buffer.from(s.map((b) => b ^ 0xff)),
    };
    const ws = openWorkstation({ dataDir: dir, keyProtector: protector });
    ws.store.close();
    expect(sealedWith).toEqual(['seal']);
    if (process.platform !== 'win32') expect(mode(dir)).toBe(0o700);
    // Reopening unseals the same key.
    openWorkstation({ dataDir: dir, keyProtector: protector }).store.close();
  });
});

describe('blobs at rest', () => {
  it('are sealed on disk, read back whole, and a tampered file is refused', async () => {
    const dir = tempDir();
    const key = deriveStoreKeys(Buffer.alloc(32, 3)).blobs;
    const blobs = openBlobStore(dir, key);
    const content = Buffer.from(`身份证复印件 ${PHONE} `.repeat(1000), 'utf8');
    const stored = await blobs.putFile(content);
    const onDisk = path.join(dir, BLOB_FOLDER, stored.sha256.slice(0, 2), stored.sha256);
    expect(contains(onDisk, PHONE)).toBe(false);
    if (process.platform !== 'win32') expect(mode(onDisk)).toBe(0o600);
    expect(stored.size).toBe(content.length);
    expect(blobs.size(stored.sha256)).toBe(content.length);
    expect((await blobs.read(stored.sha256)).equals(content)).toBe(true);
    expect(await blobs.verify(stored.sha256)).toBe(true);

    // Another key cannot open it.
    await expect(openBlobStore(dir, deriveStoreKeys(Buffer.alloc(32, 4)).blobs).read(stored.sha256)).rejects.toThrow(/damaged or was altered/);
    // One flipped byte is caught by the tag.
    const bytes = fs.readFileSync(onDisk);
    bytes[100] = (bytes[100]! + 1) % 256;
    fs.writeFileSync(onDisk, bytes);
    expect(await blobs.verify(stored.sha256)).toBe(false);
  });

  it('seals blobs stored before sealing existed when the store opens', async () => {
    const dir = tempDir();
    const content = Buffer.from(`old evidence ${PHONE}`, 'utf8');
    const sha = createHash('sha256').update(content).digest('hex');
    const file = path.join(dir, BLOB_FOLDER, sha.slice(0, 2), sha);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const blobs = openBlobStore(dir, deriveStoreKeys(Buffer.alloc(32, 5)).blobs);
    expect(contains(file, PHONE)).toBe(false);
    expect((await blobs.read(sha)).equals(content)).toBe(true);
  });
});

describe('the audit chain of an upgraded database', () => {
  it('keeps the older release plain links, keys every new entry, and still catches an edit of the old ones', () => {
    const fx = createFixture();
    for (let i = 0; i < 3; i++) mutate(serviceContext(fx, 'officerA'), loanNoteAdd, { id: `0190a000-0000-7000-8000-00000000000${i}`, loanId: fx.loanA, body: `n${i}` });
    // As the older release chained them: plain SHA-256 links, in a plain file.
    fx.store.transaction((w) => {
      let prev = '0'.repeat(64);
      for (const { seq, hash: _h, prev_hash: _p, ...entry } of w.sql.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, unknown>[]) {
        const hash = createHash('sha256').update(`${prev}\n${canonicalJson(entry)}`).digest('hex');
        w.sql.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, seq);
        prev = hash;
      }
    });
    fx.store.close();
    const raw = openRawTestConnection(fx.file);
    raw.pragma('journal_mode = DELETE');
    raw.pragma("rekey = ''");
    raw.close();

    const ws = openWorkstation({ dataDir: fx.dir, keyProtector: keyInDataFolder });
    expect(verifyAuditChain(ws.store)).toEqual({ ok: true, checked: 3, firstBroken: null });
    mutate(serviceContext({ ...fx, store: ws.store }, 'officerA'), loanNoteAdd, { id: '0190a000-0000-7000-8000-000000000009', loanId: fx.loanA, body: 'after' });
    expect(verifyAuditChain(ws.store)).toEqual({ ok: true, checked: 4, firstBroken: null });
    ws.store.transaction((w) => w.sql.prepare("UPDATE audit_log SET action = 'forged' WHERE seq = 2").run());
    expect(verifyAuditChain(ws.store)).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: 'hash_mismatch' } });
    ws.store.close();
  });
});
