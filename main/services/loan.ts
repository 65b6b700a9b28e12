// loan.get and loan.addNote: one loan's page (schedule, payments, delinquency, notes) and its notes.
import { v7 as uuidv7 } from 'uuid';
import type { InputOf, OutputOf } from '../../shared/api/contract';
import type { LoanDetail } from '../../shared/api/loanSchemas';
import { todayInTimeZone } from '../../shared/domain/dates';
import { allocatePayments } from '../../shared/domain/delinquency';
import { computeLoanMetrics } from './metrics';
import { loanNoteAdd } from '../../shared/mutations/loanNote';
import { getCustomer, getLoan, listInstallments, listLoanNotes, listPayments } from '../../db/local/queries/loans';
import { requireActor, type ServiceContext } from './context';
import { ServiceError } from './errors';
import { mutate } from './mutate';
import { branchTimeZone } from './policies';
import { maskNumber } from '../../shared/text/mask';

function maskPhone(phone: string | null): string | null {
  return phone ? maskNumber(phone) : null;
}

type ScheduleStatus = LoanDetail['schedule'][number]['status'];

export function get(ctx: ServiceContext, input: InputOf<'loan.get'>): OutputOf<'loan.get'> {
  const actor = requireActor(ctx);
  const r = ctx.store.read();
  const loan = getLoan(r, input.loanId);
  // Another branch's loan is reported as not found: its existence is not this branch's business.
  if (!loan || loan.branchId !== actor.branchId) throw new ServiceError('NOT_FOUND');
  const customer = getCustomer(r, loan.customerId);
  if (!customer) throw new ServiceError('NOT_FOUND');
  const asOf = todayInTimeZone(ctx.clock(), branchTimeZone(ctx, r));
  const installments = listInstallments(r, loan.id);
  const payments = listPayments(r, loan.id);
  const paymentFacts = payments.map((p) => ({ date: p.paidOn, amount: p.amount }));
  const allocation = allocatePayments(installments, paymentFacts, asOf).installments;
  const { nextDueDate: _next, ...metrics } = computeLoanMetrics(installments, paymentFacts, asOf, loan.restructuredUntil);

  const schedule = installments.map((inst, i) => {
    const paid = allocation[i];
    const principalPaid = paid?.principalPaid ?? 0;
    const interestPaid = paid?.interestPaid ?? 0;
    let status: ScheduleStatus;
    if (paid?.paidInFull) status = 'paid';
    else if (inst.dueDate < asOf) status = 'overdue';
    else if (inst.dueDate === asOf) status = 'due';
    else status = principalPaid + interestPaid > 0 ? 'partial' : 'future';
    return { ...inst, total: inst.principal + inst.interest, principalPaid, interestPaid, status };
  });

  return {
    loan: {
      id: loan.id,
      loanNo: loan.loanNo,
      product: loan.product,
      purpose: loan.purpose as LoanDetail['loan']['purpose'],
      principal: loan.principal,
      annualRate: loan.annualRate,
      termMonths: loan.termMonths,
      method: loan.method as LoanDetail['loan']['method'],
      disbursedOn: loan.disbursedOn,
      firstDueDate: loan.firstDueDate,
      maturityDate: loan.maturityDate,
      riskGrade: loan.riskGrade,
      fiveClass: loan.fiveClass as LoanDetail['loan']['fiveClass'],
      status: loan.status,
      officerName: loan.officerName,
      collectorName: loan.collectorName,
    },
    customer: {
      id: customer.id,
      customerNo: customer.customerNo,
      name: customer.name,
      type: customer.type as LoanDetail['customer']['type'],
      segment: customer.segment,
      phoneMasked: maskPhone(customer.phone),
    },
    asOf,
    metrics,
    schedule,
    payments,
    notes: listLoanNotes(r, loan.id),
  };
}

export function addNote(ctx: ServiceContext, input: InputOf<'loan.addNote'>): OutputOf<'loan.addNote'> {
  requireActor(ctx);
  return mutate(ctx, loanNoteAdd, { id: uuidv7(), loanId: input.loanId, body: input.body, correctsId: input.correctsId });
}
