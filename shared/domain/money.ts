/**
 * Money is an integer number of fen (1 yuan = 100 fen). DOMAIN.md "Money and schedules": no
 * floating point in stored or compared money. Formatting and parsing therefore work on digit
 * strings; we never compute fen / 100 or yuan * 100 in floating point, which would turn
 * 0.29 yuan into 28.999999999999996 fen.
 */

export type Fen = number;

export type MoneyLocale = 'zh-CN' | 'en';

export interface FormatFenOptions {
  /** Show the currency marker (¥ for zh-CN, "CNY " for en). Default true. */
  readonly symbol?: boolean;
}

/** Throws unless `n` is a safe integer (an exact fen amount). */
export function assertFen(n: unknown, label = 'amount'): asserts n is Fen {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new Error(`${label} must be a whole number of fen (safe integer), got ${String(n)}`);
  }
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Formats fen as yuan with two decimals and thousands separators:
 * zh-CN "¥1,234,567.89", en "CNY 1,234,567.89", negatives "-¥12.30" / "-CNY 12.30".
 */
export function formatFen(fen: Fen, locale: MoneyLocale, opts: FormatFenOptions = {}): string {
  assertFen(fen, 'formatFen: fen');
  if (locale !== 'zh-CN' && locale !== 'en') {
    throw new Error(`formatFen: unsupported locale ${JSON.stringify(locale)}`);
  }
  const negative = fen < 0;
  // String() of a safe integer is plain digits (no exponent below 1e21); -0 prints as "0".
  const digits = String(negative ? -fen : fen).padStart(3, '0');
  const yuan = groupThousands(digits.slice(0, -2));
  const body = `${yuan}.${digits.slice(-2)}`;
  const showSymbol = opts.symbol ?? true;
  const marker = showSymbol ? (locale === 'zh-CN' ? '¥' : 'CNY ') : '';
  return `${negative ? '-' : ''}${marker}${body}`;
}

// Optional sign, optional currency marker (¥, fullwidth ￥, CNY, RMB), optional sign again
// (so "-¥1" and "¥-1" both work), then digits either ungrouped or grouped in proper threes.
const YUAN_RE =
  /^([+-]?)\s*(?:[¥￥]|CNY|RMB)?\s*([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/i;

/**
 * Parses a yuan amount typed by a person into integer fen: "1,234.5" → 123450,
 * "¥1,234.56" → 123456, "-3" → -300, "CNY 12.30" → 1230.
 * Throws a clear Error for more than two decimals (fen is the smallest unit) or for garbage.
 */
export function parseYuan(text: string): Fen {
  if (typeof text !== 'string') {
    throw new Error(`parseYuan: expected text, got ${typeof text}`);
  }
  const trimmed = text.trim();
  const m = YUAN_RE.exec(trimmed);
  if (!m) {
    throw new Error(`parseYuan: ${JSON.stringify(text)} is not an amount in yuan (e.g. "1,234.56")`);
  }
  const sign1 = m[1] ?? '';
  const sign2 = m[2] ?? '';
  if (sign1 !== '' && sign2 !== '') {
    throw new Error(`parseYuan: ${JSON.stringify(text)} has two signs`);
  }
  const intDigits = (m[3] ?? '').replace(/,/g, '');
  const frac = m[4] ?? '';
  if (frac.length > 2) {
    throw new Error(
      `parseYuan: ${JSON.stringify(text)} has ${frac.length} decimal places; at most 2 (fen) are allowed`,
    );
  }
  const fenDigits = (intDigits + frac.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  if (fenDigits.length > 16) throw tooLarge(text);
  const magnitude = Number(fenDigits);
  if (!Number.isSafeInteger(magnitude)) throw tooLarge(text);
  const negative = sign1 === '-' || sign2 === '-';
  // Return +0 for "-0" so that Object.is comparisons and formatting stay clean.
  return negative && magnitude !== 0 ? -magnitude : magnitude;
}

function tooLarge(text: string): Error {
  return new Error(`parseYuan: ${JSON.stringify(text)} is too large to hold exactly in fen`);
}

/** Sum of fen amounts; throws if any item is not whole fen or the total overflows. */
export function sumFen(list: readonly Fen[]): Fen {
  let total = 0;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    assertFen(v, `sumFen: item ${i}`);
    total += v;
    // Each partial sum of safe integers is exact as long as it stays safe.
    if (!Number.isSafeInteger(total)) {
      throw new Error('sumFen: total exceeds the safe integer range');
    }
  }
  return total;
}
