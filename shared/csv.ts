// CSV for spreadsheet users: RFC 4180 quoting, CRLF line ends and a UTF-8 BOM so Excel opens Chinese
// text correctly.
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // A leading = + - @ would be run as a formula by spreadsheet apps; prefix a quote to keep it text.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Fen as a plain yuan amount with two decimals, no grouping: 123456 -> "1234.56". Integer math only. */
export function fenToPlainYuan(fen: number): string {
  const negative = fen < 0;
  const digits = String(Math.abs(fen)).padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
