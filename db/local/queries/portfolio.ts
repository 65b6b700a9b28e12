// The branch portfolio: loans joined with customers and their derived metrics, filtered and sorted in
// SQL with one statement per query shape.
import type { PortfolioQuery, PortfolioRow } from '../../../shared/api/schemas';
import { FIVE_CLASSES } from '../../../shared/domain/vocabulary';
import type { ReadHandle } from '../store';

const SORT_COLUMNS: Record<PortfolioQuery['sort']['field'], string> = {
  loanNo: 'l.loan_no',
  customerName: 'c.name',
  principal: 'l.principal',
  outstandingPrincipal: 'outstandingPrincipal',
  dpd: 'dpd',
  fiveClass: 'five_class_rank',
  disbursedOn: 'l.disbursed_on',
  maturityDate: 'l.maturity_date',
  product: 'l.product',
};

const FROM = `FROM loans l
  JOIN customers c ON c.id = l.customer_id
  LEFT JOIN loan_metrics m ON m.loan_id = l.id
  LEFT JOIN users u ON u.id = l.officer_id`;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

function whereClause(branchId: string, q: PortfolioQuery): { sql: string; params: unknown[] } {
  const parts = ['l.branch_id = ?', 'l.deleted_at IS NULL'];
  const params: unknown[] = [branchId];
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    // Match customers first (one pass over names), then loans by customer or by loan number.
    parts.push(
      `(l.customer_id IN (SELECT id FROM customers WHERE name LIKE ? ESCAPE '\\' OR customer_no = ?) OR l.loan_no LIKE ? ESCAPE '\\')`,
    );
    params.push(like, q.q, like);
  }
  const inList = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (q.buckets && q.buckets.length > 0) {
    // A loan without metrics yet counts as current. Comparing m.bucket directly lets SQLite drive the
    // query from the loan_metrics bucket index.
    const orNull = q.buckets.includes('current') ? ' OR m.bucket IS NULL' : '';
    parts.push(`(m.bucket IN (${q.buckets.map(() => '?').join(', ')})${orNull})`);
    params.push(...q.buckets);
  }
  inList('l.five_class', q.fiveClasses);
  if (q.classOrWorse) inList('l.five_class', FIVE_CLASSES.slice(FIVE_CLASSES.indexOf(q.classOrWorse)));
  inList('l.purpose', q.purposes);
  inList('c.type', q.customerTypes);
  if (q.minDpd !== undefined) {
    parts.push('COALESCE(m.dpd, 0) >= ?');
    params.push(q.minDpd);
  }
  return { sql: `WHERE ${parts.join(' AND ')}`, params };
}

const SELECT = `SELECT l.id, l.loan_no AS loanNo, c.name AS customerName, c.type AS customerType, l.product,
  l.purpose, l.method, l.principal, COALESCE(m.outstanding_principal, l.principal) AS outstandingPrincipal,
  COALESCE(m.overdue_principal + m.overdue_interest, 0) AS overdueAmount, l.annual_rate AS annualRate,
  COALESCE(m.dpd, 0) AS dpd, COALESCE(m.bucket, 'current') AS bucket, l.five_class AS fiveClass,
  l.disbursed_on AS disbursedOn, l.maturity_date AS maturityDate, u.display_name AS officerName,
  CASE l.five_class ${FIVE_CLASSES.map((c, rank) => `WHEN '${c}' THEN ${rank}`).join(' ')} END AS five_class_rank`;

export function queryPortfolio(
  r: ReadHandle,
  branchId: string,
  q: PortfolioQuery,
  page: { offset: number; limit: number } | null,
): { rows: PortfolioRow[]; total: number } {
  const where = whereClause(branchId, q);
  const order = `ORDER BY ${SORT_COLUMNS[q.sort.field]} ${q.sort.dir === 'desc' ? 'DESC' : 'ASC'}, l.loan_no ASC`;
  const limit = page ? 'LIMIT ? OFFSET ?' : '';
  const rows = r.sql
    .prepare(`${SELECT} ${FROM} ${where.sql} ${order} ${limit}`)
    .all(...where.params, ...(page ? [page.limit, page.offset] : [])) as (PortfolioRow & { five_class_rank?: number })[];
  for (const row of rows) delete row.five_class_rank;
  const total = page ? countPortfolio(r, q, where) : rows.length;
  return { rows, total };
}

/** The count joins only the tables the filter needs, so an unfiltered count is an index scan of loans. */
function countPortfolio(r: ReadHandle, q: PortfolioQuery, where: { sql: string; params: unknown[] }): number {
  const joins = [
    q.customerTypes?.length ? 'JOIN customers c ON c.id = l.customer_id' : '',
    q.buckets?.length || q.minDpd !== undefined ? 'LEFT JOIN loan_metrics m ON m.loan_id = l.id' : '',
  ].join(' ');
  return (r.sql.prepare(`SELECT COUNT(*) AS n FROM loans l ${joins} ${where.sql}`).get(...where.params) as { n: number }).n;
}

export function metricsAsOf(r: ReadHandle): string | null {
  const row = r.sql.prepare('SELECT MAX(as_of) AS asOf FROM loan_metrics').get() as { asOf: string | null };
  return row.asOf;
}
