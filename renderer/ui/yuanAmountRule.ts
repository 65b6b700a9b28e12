// A form rule for an amount typed in yuan (the service takes fen). Empty passes: a `required` rule
// beside it speaks for that.
import { parseYuan } from '../../shared/domain/money';

/** Fails with `invalid` for text that is no amount, and with `outOfRange` for one `inRange` refuses. */
export function yuanAmountRule(invalid: string, inRange: (fen: number) => boolean, outOfRange = invalid) {
  return {
    validator: async (_rule: unknown, value?: string) => {
      if (!value) return;
      let fen: number;
      try {
        fen = parseYuan(value);
      } catch {
        throw new Error(invalid);
      }
      if (!inRange(fen)) throw new Error(outOfRange);
    },
  };
}
