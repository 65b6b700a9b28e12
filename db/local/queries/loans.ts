import type { ReadHandle } from '../store';
import { prepared } from '../prepared';

export interface LoanRecord {
  id: string;
  branchId: string;
  loanNo: string;
  customerId: string;
  product: string;
  purpose: string;
  principal: number;
  annualRate: string;
  termMonths: number;
  method: string;
  disbursedOn: string;
  firstDueDate: string;
  maturityDate: string;
  riskGrade: string;
  fiveClass: string;
  restructuredUntil: string | null;
  status: string;
  officerName: string | null;
  collectorName: string | null;
}

export function getLoan(r: ReadHandle, loanId: string): LoanRecord | undefined {
  return prepared(r.sql,
      `SELECT l.id, l.branch_id AS branchId, l.loan_no AS loanNo, l.customer_id AS customerId, l.product, l.purpose,
              l.principal, l.annual_rate AS annualRate, l.term_months AS termMonths, l.method,
              l.disbursed_on AS disbursedOn, l.first_due_date AS firstDueDate, l.maturity_date AS maturityDate,
              l.risk_grade AS riskGrade, l.five_class AS fiveClass, l.restructured_until AS restructuredUntil,
              l.status, o.display_name AS officerName, k.display_name AS collectorName
         FROM loans l LEFT JOIN users o ON o.id = l.officer_id LEFT JOIN users k ON k.id = l.collector_id
        WHERE l.id = ? AND l.deleted_at IS NULL`,
    )
    .get(loanId) as LoanRecord | undefined;
}

export interface CustomerRecord {
  id: string;
  customerNo: string;
  name: string;
  type: string;
  segment: string;
  phone: string | null;
}

export function getCustomer(r: ReadHandle, customerId: string): CustomerRecord | undefined {
  return prepared(r.sql, 'SELECT id, customer_no AS customerNo, name, type, segment, phone FROM customers WHERE id = ?')
    .get(customerId) as CustomerRecord | undefined;
}

export function listInstallments(r: ReadHandle, loanId: string) {
  return prepared(r.sql,
      `SELECT seq, due_date AS dueDate, principal_due AS principal, interest_due AS interest
         FROM installments WHERE loan_id = ? AND deleted_at IS NULL ORDER BY seq`,
    )
    .all(loanId) as { seq: number; dueDate: string; principal: number; interest: number }[];
}

export function listPayments(r: ReadHandle, loanId: string) {
  return prepared(r.sql,
      `SELECT id, paid_on AS paidOn, amount, channel FROM payments
        WHERE loan_id = ? AND deleted_at IS NULL ORDER BY paid_on, id`,
    )
    .all(loanId) as { id: string; paidOn: string; amount: number; channel: string }[];
}

export function listLoanNotes(r: ReadHandle, loanId: string) {
  return prepared(r.sql,
      `SELECT n.id, n.body, n.created_at AS createdAt, COALESCE(u.display_name, n.updated_by) AS authorName,
              n.corrects_id AS correctsId
         FROM loan_notes n LEFT JOIN users u ON u.id = n.updated_by
        WHERE n.loan_id = ? AND n.deleted_at IS NULL ORDER BY n.created_at, n.id`,
    )
    .all(loanId) as { id: string; body: string; createdAt: string; authorName: string; correctsId: string | null }[];
}
