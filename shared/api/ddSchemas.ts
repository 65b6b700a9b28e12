// API shapes of the due-diligence workflow (贷前尽职调查). The renderer evaluates completeness, red
// flags and score live with the shared form engine; the service re-checks everything it is sent.
import { z } from 'zod';
import { answerValue, itemKey } from '../forms/template';
import { CUSTOMER_TYPE_VALUES, PURPOSE_VALUES, fen } from './schemas';
import { DD_STATUSES, type DdStatus } from '../domain/vocabulary';
import { loanApplication } from '../domain/loanApplication';

export { DD_STATUSES, loanApplication, type DdStatus };

const caseId = z.uuid();

export const ddCustomerSearchIn = z.object({ q: z.string().trim().max(64).default('') }).strict();
export const ddCustomerSearchOut = z.object({
  customers: z.array(z.object({ id: z.string(), customerNo: z.string(), name: z.string(), type: z.enum(CUSTOMER_TYPE_VALUES) })),
});

export const ddTemplatesIn = z.object({ customerId: z.string().min(1).max(64), purpose: z.enum(PURPOSE_VALUES) }).strict();
export const ddTemplatesOut = z.object({
  templates: z.array(z.object({ id: z.string(), code: z.string(), version: z.number().int(), titleZh: z.string(), titleEn: z.string() })),
});

export const ddOpenIn = z
  .object({ customerId: z.string().min(1).max(64), application: loanApplication, templateId: z.string().min(1).max(64) })
  .strict();
export const ddOpenOut = z.object({ caseId: z.string() });

export const SLA_STATES = ['none', 'ok', 'due_soon', 'overdue'] as const;

export const ddListIn = z
  .object({
    statuses: z.array(z.enum(DD_STATUSES)).max(5).optional(),
    officerId: z.string().max(64).optional(),
    slaStates: z.array(z.enum(SLA_STATES)).max(4).optional(),
    q: z.string().trim().max(64).optional(),
    /** sla: decision deadline first (the supervisor's queue); updated: most recently changed first. */
    sort: z.enum(['sla', 'updated']).default('updated'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export const ddListRow = z.object({
  id: z.string(),
  customerName: z.string(),
  customerNo: z.string(),
  customerType: z.enum(CUSTOMER_TYPE_VALUES),
  purpose: z.enum(PURPOSE_VALUES),
  amount: fen,
  templateTitleZh: z.string(),
  templateTitleEn: z.string(),
  status: z.enum(DD_STATUSES),
  officerId: z.string(),
  officerName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  /** Decision deadline: submittedAt + the SLA hours of policy `dd`; null unless submitted. */
  dueAt: z.string().nullable(),
  /** From then the case shows as due soon (policy `dd`'s warning hours before dueAt). */
  dueSoonAt: z.string().nullable(),
  slaState: z.enum(SLA_STATES),
  updatedAt: z.string(),
  caseNo: z.string(),
  /**
   * The checklist as saved, evaluated with the case's template: red flags by severity, the score in
   * percent (null when nothing is scored) and the debt-service ratio (a decimal string, null without
   * income) with whether it is over the template's limit. Null when the template cannot be read.
   */
  risk: z
    .object({
      high: z.number().int(),
      medium: z.number().int(),
      low: z.number().int(),
      scorePct: z.number().nullable(),
      dsr: z.string().nullable(),
      dsrOverLimit: z.boolean(),
    })
    .nullable(),
});
export const ddListOut = z.object({ rows: z.array(ddListRow), total: z.number().int(), now: z.string() });

const ddAttachmentOut = z.object({
  id: z.string(),
  itemKey: z.string(),
  kind: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
  /** Whether this workstation holds the file (an attachment made on another PC may not be here). */
  available: z.boolean(),
});

const ddTrailEntry = z.object({
  action: z.enum(['opened', 'submitted', 'approved', 'returned', 'withdrawn']),
  byName: z.string().nullable(),
  byId: z.string(),
  at: z.string(),
  comment: z.string().nullable(),
});

export const ddGetIn = z.object({ caseId }).strict();
export const ddGetOut = z.object({
  case: z.object({
    id: z.string(),
    status: z.enum(DD_STATUSES),
    /** Goes up with each submission; a decision names the submission it decides (stale ones are refused). */
    submissionNo: z.number().int(),
    officerId: z.string(),
    officerName: z.string().nullable(),
    submittedAt: z.string().nullable(),
    submittedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    dueAt: z.string().nullable(),
    dueSoonAt: z.string().nullable(),
    slaHours: z.number(),
    createdAt: z.string(),
    application: loanApplication,
    /** Monthly installment of the application (first period), fen, from the shared schedule builder. */
    monthlyPayment: fen,
    /** A reference for printouts and people: DD, the branch date it was opened, six characters of its id. */
    caseNo: z.string(),
    /** Set when approved (null for an approval recorded by an older workstation, which had no field for it). */
    approvedAmountFen: fen.nullable(),
    approvalConditions: z.string().nullable(),
    /** Who decided it last (approved or returned), for the memo's signature lines. */
    decidedBy: z.string().nullable(),
    decidedByName: z.string().nullable(),
  }),
  customer: z.object({ id: z.string(), customerNo: z.string(), name: z.string(), type: z.enum(CUSTOMER_TYPE_VALUES), segment: z.string() }),
  /** The template version the case started with (kept even after a newer version is published). */
  template: z.object({
    id: z.string(),
    code: z.string(),
    version: z.number().int(),
    titleZh: z.string(),
    titleEn: z.string(),
    /** The template body as published (formTemplateBody); the renderer parses it with the shared schema. */
    body: z.unknown(),
    appliesTo: z.unknown(),
  }),
  answers: z.record(z.string(), answerValue),
  attachments: z.array(ddAttachmentOut),
  trail: z.array(ddTrailEntry),
  canEdit: z.boolean(),
  canDecide: z.boolean(),
  now: z.string(),
});

export const ddAnswerIn = z.object({ caseId, itemKey, value: answerValue }).strict();
export const ddAnswerOut = z.object({ savedAt: z.string() });

export const ddAttachIn = z
  .object({
    caseId,
    itemKey,
    kind: itemKey,
    fileName: z.string().trim().min(1).max(200),
    mimeType: z.string().min(1).max(100),
    /** File content, base64. Size and type are checked against policy `dd` before anything is stored. */
    dataBase64: z.string().min(1).max(40_000_000),
    /** A small JPEG preview made by the renderer for images, base64. */
    thumbnailBase64: z.string().max(200_000).optional(),
  })
  .strict();
export const ddAttachOut = z.object({ attachmentId: z.string(), sha256: z.string(), storedBefore: z.boolean() });

export const ddAttachmentContentIn = z.object({ attachmentId: z.uuid(), variant: z.enum(['thumbnail', 'full']) }).strict();
export const ddAttachmentContentOut = z.object({ mimeType: z.string(), dataBase64: z.string() });

export const ddSubmitIn = z.object({ caseId }).strict();
export const ddSubmitOut = z.object({ status: z.enum(DD_STATUSES), submissionNo: z.number().int() });

export const ddDecideIn = z
  .object({
    caseId,
    submissionNo: z.number().int().min(1),
    decision: z.enum(['approve', 'return']),
    comment: z.string().trim().max(2000).default(''),
    /** The amount approved, fen: required to approve, at most the amount applied for (the service checks that). */
    approvedAmountFen: fen.positive().nullable().optional(),
    /** Conditions of the approval, printed on the memo; empty for none. */
    conditions: z.string().trim().max(2000).default(''),
  })
  .strict()
  .refine((v) => v.decision === 'approve' || v.comment.length > 0, { path: ['comment'], error: 'a returned case needs a comment' });
export const ddDecideOut = z.object({ status: z.enum(DD_STATUSES) });

export const ddWithdrawIn = z.object({ caseId, reason: z.string().trim().min(1).max(2000) }).strict();
