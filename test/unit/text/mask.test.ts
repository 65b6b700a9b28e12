// Masking of personal numbers, and what storable text is.
import { describe, expect, it } from 'vitest';
import { maskNumber, maskNumbersDeep, maskNumbersIn } from '../../../shared/text/mask';
import { isStorableText, storableCopy, unstorableTextPath } from '../../../shared/text/storable';

describe('masking numbers', () => {
  it('keeps the last four of a number, and masks every long number in free text', () => {
    expect(maskNumber('13800001234')).toBe('*******1234');
    expect(maskNumber('123')).toBe('123');
    expect(maskNumbersIn('客户电话13800001234，座机0571-87654321')).toBe('客户电话*******1234，座机****-****4321');
    expect(maskNumbersIn('卡号 6222 0212 3456 7890')).toBe('卡号 **** **** **** 7890');
  });

  it('leaves ids, dates, short numbers and numbers inside words alone', () => {
    for (const text of ['0193f1a2-7b3c-7d4e-8f5a-123456789abc', '2026-12-04', 'x 12345 y', 'LN-A-0001', 'abc1234567']) expect(maskNumbersIn(text)).toBe(text);
  });

  it('masks inside any JSON value, strings only', () => {
    expect(maskNumbersDeep({ body: '电话13800001234', amount: 13800001234, list: ['13900005678'] })).toEqual({
      body: '电话*******1234',
      amount: 13800001234,
      list: ['*******5678'],
    });
  });
});

describe('storable text', () => {
  it('refuses lone surrogates and NUL, anywhere in a value, and accepts real pairs', () => {
    expect(isStorableText('😀 汉字')).toBe(true);
    expect(isStorableText('a\ud83d')).toBe(false);
    expect(isStorableText('\udc00b')).toBe(false);
    expect(isStorableText('a\u0000')).toBe(false);
    expect(unstorableTextPath({ a: [{ b: 'ok' }, { c: 'x\ud800' }] })).toBe('a.1.c');
    expect(unstorableTextPath({ ['k\udfff']: 1 })).toBe('k\udfff');
    expect(unstorableTextPath({ a: '😀', b: [1, null, true] })).toBeNull();
  });

  it('walks hostile depth without overflowing the stack', () => {
    let deep: unknown = 'x\ud800';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableTextPath(deep)).toMatch(/^0(\.0)*$/);
  });

  it('refuses values no store can hold: nesting past the limit, a cycle, a bigint; shared references are walked once', () => {
    let deep: unknown = 'fine';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(unstorableTextPath({ a: deep })).toMatch(/^a(\.0)+$/);
    expect(unstorableTextPath({ n: 10n })).toBe('n');
    expect(unstorableTextPath({ a: [[[[1]]]] })).toBeNull();
    // A value shared 2^40 ways over 40 levels is still one object per level.
    let shared: unknown = ['leaf'];
    for (let i = 0; i < 40; i++) shared = { l: shared, r: shared };
    expect(unstorableTextPath(shared)).toBeNull();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = { back: cyclic };
    expect(unstorableTextPath(cyclic)).toMatch(/^self\.back/);
  });

  it('files a storable copy of a value nested past the limit, cut short', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const copy = storableCopy({ a: deep, n: 10n }) as { a: unknown; n: unknown };
    expect(JSON.stringify(copy.a)).toMatch(/^\[+null\]+$/);
    expect(copy.n).toBe('10');
  });

  it('makes a storable copy, keeping escaped backslashes as they were', () => {
    expect(storableCopy({ a: 'x\ud800y', b: '\\ud800', c: 'nul\u0000' })).toEqual({ a: 'x\ufffdy', b: '\\ud800', c: 'nul\ufffd' });
  });
});
