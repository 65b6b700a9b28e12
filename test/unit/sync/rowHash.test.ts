// The anti-entropy row hash: a row hashes alike in head office's form (jsonb parsed, booleans) and in
// the branch's (JSON text, 1/0, integers read back from SQLite), and any change to it changes the hash.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigIntToHash, hashRow, hashToBigInt, hashToHex, hexToHash, xorHash, ZERO_HASH } from '../../../shared/sync/rowHash';

const headOffice = {
  id: 'u1',
  branch_id: 'b1',
  roles: ['officer', 'supervisor'],
  active: true,
  row_version: 12,
  display_name: '王五',
  deleted_at: null,
};
const branch = { ...headOffice, roles: JSON.stringify(['officer', 'supervisor']), active: 1 };

describe('row hash', () => {
  it('is the same for head office’s form and the branch’s form of a row', () => {
    expect(hashRow('users', headOffice, 'value')).toEqual(hashRow('users', branch, 'text'));
    // JSON key order does not matter; JSON text that is not JSON hashes apart from every JSON value.
    expect(hashRow('customers', { id: 'c', contact_points: '{"b":1,"a":2}' }, 'text')).toEqual(
      hashRow('customers', { id: 'c', contact_points: { a: 2, b: 1 } }, 'value'),
    );
    expect(hashRow('customers', { id: 'c', contact_points: 'oops' }, 'text')).not.toEqual(hashRow('customers', { id: 'c', contact_points: 'oops' }, 'value'));
  });

  it('changes when any value, the version or the table changes, and null differs from empty', () => {
    const base = hashRow('users', branch, 'text');
    for (const [k, v] of [['display_name', '王六'], ['row_version', 13], ['active', 0], ['deleted_at', ''], ['roles', '["officer"]']] as const) {
      expect(hashRow('users', { ...branch, [k]: v }, 'text'), k).not.toEqual(base);
    }
    expect(hashRow('customers', branch, 'text')).not.toEqual(base);
  });

  it('sums by XOR: order-free, and a row taken out leaves the sum as before', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.uuid(), body: fc.string(), row_version: fc.nat() }), { maxLength: 20 }), (rows) => {
        const hashes = rows.map((r) => hashRow('loan_notes', r, 'text'));
        const forward = hashes.reduce(xorHash, ZERO_HASH);
        expect([...hashes].reverse().reduce(xorHash, ZERO_HASH)).toEqual(forward);
        if (hashes.length > 0) expect(xorHash(forward, hashes[0]!)).toEqual(hashes.slice(1).reduce(xorHash, ZERO_HASH));
      }),
    );
  });

  it('round-trips through hex and PostgreSQL’s signed bigint', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), (hi, lo) => {
        const h = { hi, lo };
        expect(hexToHash(hashToHex(h))).toEqual(h);
        expect(bigIntToHash(hashToBigInt(h).toString())).toEqual(h);
      }),
    );
  });
});
