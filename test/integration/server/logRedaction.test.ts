// Head office's logs carry no customer numbers: a database error raised over a row holding a phone
// number (its message, its "Failing row contains" detail) is logged with the row's values dropped
// and the numbers masked, and an authorization header is never written.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { centralBackends, noteMutation, post } from '../../helpers/central';
import { serverTestBed, useTestBranch } from '../../helpers/serverTestBed';

const PHONE = '13800001234';

describe.each(centralBackends())('log redaction on $name', ({ open }) => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const { db, app } = serverTestBed(open, { logger: { stream } });
  const branch = useTestBranch(db);

  it('drops row values and masks numbers in a logged database error', async () => {
    await db.query(`CREATE OR REPLACE FUNCTION leak_log() RETURNS trigger AS $$
      BEGIN IF NEW.args->>'body' LIKE '%${PHONE}%' THEN
        RAISE EXCEPTION 'cannot file note %', NEW.args->>'body' USING ERRCODE = '22023', DETAIL = 'Failing row contains (' || (NEW.args::text) || ')';
      END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.query('CREATE TRIGGER leak_log BEFORE INSERT ON mutation_log FOR EACH ROW EXECUTE FUNCTION leak_log()');
    try {
      const m = noteMutation(branch.device, branch.officerId, branch.loanId, { body: `客户电话${PHONE}` });
      const res = await post(app, '/sync/push', { clientId: branch.device.clientId, mutations: [m] }, branch.device.token);
      expect(res.status).toBe(200);
      expect((res.body['results'] as { reason?: { code: string } }[])[0]?.reason?.code).toBe('unstorable_value');
    } finally {
      await db.query('DROP TRIGGER leak_log ON mutation_log');
    }
    const log = lines.join('');
    expect(log).toContain('cannot store');
    expect(log).toContain('*******1234');
    expect(log).not.toContain(PHONE);
    expect(log).not.toContain('Failing row');
    expect(log).not.toContain(branch.device.token);
  });
});
