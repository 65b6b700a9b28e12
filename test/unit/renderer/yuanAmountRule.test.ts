import { describe, expect, it } from 'vitest';
import { yuanAmountRule } from '../../../renderer/ui/yuanAmountRule';

const rule = yuanAmountRule('not an amount', (fen) => fen > 0 && fen <= 100_000, 'out of range');
const check = (value?: string) => rule.validator(null, value);

describe('yuanAmountRule', () => {
  it('leaves an empty field to the required rule', async () => {
    await expect(check(undefined)).resolves.toBeUndefined();
    await expect(check('')).resolves.toBeUndefined();
  });

  it('accepts an amount in range', async () => {
    await expect(check('1000')).resolves.toBeUndefined();
    await expect(check('0.01')).resolves.toBeUndefined();
  });

  it('names text that is no amount, and an amount out of range, apart', async () => {
    await expect(check('abc')).rejects.toThrow('not an amount');
    await expect(check('0')).rejects.toThrow('out of range');
    await expect(check('1000.01')).rejects.toThrow('out of range');
  });

  it('uses the one message for both when only one is given', async () => {
    const positive = yuanAmountRule('bad', (fen) => fen > 0);
    await expect(positive.validator(null, '0')).rejects.toThrow('bad');
    await expect(positive.validator(null, 'x')).rejects.toThrow('bad');
  });
});
