import { z } from 'zod';
import {
  BUCKET_VALUES,
  CUSTOMER_TYPE_VALUES,
  FIVE_CLASS_VALUES,
  METHOD_VALUES,
  PURPOSE_VALUES,
  businessDate,
  fen,
} from './schemas';

export const loanDetail = z.object({
  loan: z.object({
    id: z.string(),
    loanNo: z.string(),
    product: z.string(),
    purpose: z.enum(PURPOSE_VALUES),
    principal: fen,
    annualRate: z.string(),
    termMonths: z.number().int(),
    method: z.enum(METHOD_VALUES),
    disbursedOn: businessDate,
    firstDueDate: businessDate,
    maturityDate: businessDate,
    riskGrade: z.string(),
    fiveClass: z.enum(FIVE_CLASS_VALUES),
    status: z.string(),
    officerName: z.string().nullable(),
    collectorName: z.string().nullable(),
  }),
  customer: z.object({
    id: z.string(),
    customerNo: z.string(),
    name: z.string(),
    type: z.enum(CUSTOMER_TYPE_VALUES),
    segment: z.string(),
    phoneMasked: z.string().nullable(),
  }),
  asOf: businessDate,
  metrics: z.object({
    dpd: z.number().int(),
    bucket: z.enum(BUCKET_VALUES),
    classFloor: z.enum(FIVE_CLASS_VALUES),
    outstandingPrincipal: fen,
    overduePrincipal: fen,
    overdueInterest: fen,
  }),
  schedule: z.array(
    z.object({
      seq: z.number().int(),
      dueDate: businessDate,
      principal: fen,
      interest: fen,
      total: fen,
      principalPaid: fen,
      interestPaid: fen,
      status: z.enum(['paid', 'partial', 'overdue', 'due', 'future']),
    }),
  ),
  payments: z.array(z.object({ id: z.string(), paidOn: businessDate, amount: fen, channel: z.string() })),
  notes: z.array(
    z.object({
      id: z.string(),
      body: z.string(),
      createdAt: z.string(),
      authorName: z.string(),
      correctsId: z.string().nullable(),
    }),
  ),
});
export type LoanDetail = z.infer<typeof loanDetail>;
