// attachment.add@1 — a file attached to a checklist item of a case (evidence, or a drawn signature).
// The row carries the file's SHA-256; the file itself travels separately through the blob queue.
import { z } from 'zod';
import { DD_ALLOWED_MIME_TYPES, MAX_ATTACHMENT_BYTES } from '../domain/ddPolicy';
import { itemKey } from '../forms/template';
import { caseForm, editableCase } from './ddRules';
import { MutationRefused, rowKey, type MutationDef } from './types';

export const SIGNATURE_KIND = 'signature';

export const attachmentAddArgs = z.object({
  id: z.uuid(),
  ownerType: z.literal('dd_case'),
  ownerId: z.uuid(),
  templateId: z.string().min(1).max(64),
  itemKey,
  kind: itemKey,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES),
  mimeType: z.enum(DD_ALLOWED_MIME_TYPES),
  fileName: z.string().trim().min(1).max(200),
});
export type AttachmentAddArgs = z.infer<typeof attachmentAddArgs>;

export const attachmentAdd: MutationDef<AttachmentAddArgs, { id: string }> = {
  name: 'attachment.add',
  version: 1,
  args: attachmentAddArgs,
  roles: ['officer'],
  reads: (a) => [
    { table: 'dd_cases', id: a.ownerId },
    { table: 'form_templates', id: a.templateId },
    { table: 'attachments', id: a.id },
  ],
  policies: ['dd'],
  apply({ args, actor, rows, policy }) {
    const ddCase = editableCase(rows, args.ownerId, actor);
    const limits = policy('dd');
    if (args.sizeBytes > limits.maxAttachmentBytes) {
      throw new MutationRefused('DOMAIN_RULE', 'attachment_size', `the file has ${args.sizeBytes} bytes; policy dd allows ${limits.maxAttachmentBytes}`);
    }
    if (!limits.allowedMimeTypes.includes(args.mimeType)) {
      throw new MutationRefused('DOMAIN_RULE', 'attachment_type', `policy dd does not allow ${args.mimeType} files`);
    }
    if (rows.has(rowKey('attachments', args.id))) throw new MutationRefused('CONFLICT', 'append_only', `attachment ${args.id} already exists`);
    if (ddCase['template_id'] !== args.templateId) {
      throw new MutationRefused('DOMAIN_RULE', 'case_template', `case ${args.ownerId} does not use template ${args.templateId}`);
    }
    const item = caseForm(rows, args.templateId).form.byKey.get(args.itemKey)?.item;
    if (!item || item.kind === 'group' || (item.kind !== 'evidence' && item.kind !== 'signature')) {
      throw new MutationRefused('DOMAIN_RULE', 'attachment_item', `item ${args.itemKey} does not take attachments`);
    }
    const kindOk = item.kind === 'signature' ? args.kind === SIGNATURE_KIND && args.mimeType === 'image/png' : item.attachmentKinds.includes(args.kind);
    if (!kindOk) throw new MutationRefused('DOMAIN_RULE', 'attachment_kind', `item ${args.itemKey} does not take a ${args.kind} (${args.mimeType})`);
    return {
      writes: [
        {
          op: 'insert',
          table: 'attachments',
          id: args.id,
          values: {
            owner_type: args.ownerType,
            owner_id: args.ownerId,
            item_key: args.itemKey,
            kind: args.kind,
            sha256: args.sha256,
            size_bytes: args.sizeBytes,
            mime_type: args.mimeType,
            file_name: args.fileName,
          },
        },
      ],
      audit: { action: 'attachment.add', entityType: 'attachment', entityId: args.id },
      result: { id: args.id },
    };
  },
};
