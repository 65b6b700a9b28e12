// Evidence files of due-diligence cases: checked against policy `dd` (size, type — by the bytes, not
// the name) BEFORE anything is stored, kept once per content in the blob store, recorded through the
// write path. Thumbnails made by the renderer are a local convenience, kept beside the blobs.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { ParsedInputOf, OutputOf } from '../../../shared/api/contract';
import { attachmentAdd, SIGNATURE_KIND } from '../../../shared/mutations/attachment';
import { caseAttachments, getAttachment } from '../../../db/local/queries/dd';
import { workstationBlobs } from '../blobStore';
import { openSealed, seal } from '../sealedFile';
import { requireActor, type ServiceContext } from '../context';
import { branchCase, caseCompiledForm } from './cases';
import { policyOf } from '../policies';
import { fieldError, ServiceError } from '../errors';
import { DD_FILE_MESSAGES as M } from '../../../shared/i18n/workflowMessages';
import { pick } from '../../../shared/i18n/text';
import { mutate } from '../mutate';

function thumbnailPath(ctx: ServiceContext, sha256: string): string {
  return path.join(path.dirname(ctx.store.file), 'thumbnails', `${sha256}.jpg`);
}

const thumbnailName = (sha256: string) => `thumbnail:${sha256}`;

/** A preview sealed like the blobs; one from before sealing (or damaged) is not shown — the full file is. */
async function readThumbnail(ctx: ServiceContext, sha256: string): Promise<Buffer | null> {
  const file = thumbnailPath(ctx, sha256);
  if (!fs.existsSync(file)) return null;
  try {
    return openSealed(ctx.store.keys.blobs, await fsp.readFile(file), thumbnailName(sha256));
  } catch {
    return null;
  }
}

/** The type a file really is, from its first bytes; a renamed .exe is not an image. */
function sniffMimeType(bytes: Buffer): string | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}


export async function attach(ctx: ServiceContext, input: ParsedInputOf<'dd.attach'>): Promise<OutputOf<'dd.attach'>> {
  const actor = requireActor(ctx);
  const c = branchCase(ctx, input.caseId);
  if (c.officerId !== actor.userId) throw new ServiceError('FORBIDDEN');
  if (c.status !== 'draft' && c.status !== 'returned') throw new ServiceError('CONFLICT');
  const item = caseCompiledForm(ctx, c.templateId).byKey.get(input.itemKey)?.item;
  if (!item || (item.kind !== 'evidence' && item.kind !== 'signature')) {
    throw fieldError(ctx.locale, 'itemKey', M.noAttachments);
  }
  const kindOk = item.kind === 'signature' ? input.kind === SIGNATURE_KIND : item.attachmentKinds.includes(input.kind);
  if (!kindOk) throw fieldError(ctx.locale, 'kind', M.wrongKind, { kind: input.kind });

  const policy = policyOf(ctx, 'dd');
  // Size first, from the base64 length, so an oversized file is refused without decoding it.
  const approxBytes = Math.floor((input.dataBase64.length * 3) / 4);
  const limitMb = (policy.maxAttachmentBytes / 1024 / 1024).toFixed(0);
  if (approxBytes - 2 > policy.maxAttachmentBytes) {
    throw fieldError(ctx.locale, 'file', M.tooLarge, { mb: limitMb });
  }
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length === 0) throw fieldError(ctx.locale, 'file', M.empty);
  if (bytes.length > policy.maxAttachmentBytes) throw fieldError(ctx.locale, 'file', M.tooLarge, { mb: limitMb });
  const sniffed = sniffMimeType(bytes);
  if (!sniffed || !(policy.allowedMimeTypes as readonly string[]).includes(sniffed)) {
    throw fieldError(ctx.locale, 'file', M.badType);
  }
  if (item.kind === 'signature' && sniffed !== 'image/png') throw fieldError(ctx.locale, 'file', M.signatureNotPng);

  const blobs = workstationBlobs(ctx.store);
  const stored = await blobs.putFile(bytes);
  const storedBefore = caseAttachments(ctx.store.read(), c.id).some((a) => a.sha256 === stored.sha256);
  if (input.thumbnailBase64 && sniffed.startsWith('image/')) await writeThumbnail(ctx, stored.sha256, Buffer.from(input.thumbnailBase64, 'base64'));
  // The same file on the same item once is enough: attaching it again changes nothing.
  const same = caseAttachments(ctx.store.read(), c.id).find((a) => a.sha256 === stored.sha256 && a.itemKey === input.itemKey);
  if (same) return { attachmentId: same.id, sha256: stored.sha256, storedBefore: true };
  const id = uuidv7();
  mutate(ctx, attachmentAdd, {
    id,
    ownerType: 'dd_case',
    ownerId: c.id,
    templateId: c.templateId,
    itemKey: input.itemKey,
    kind: input.kind,
    sha256: stored.sha256,
    sizeBytes: stored.size,
    mimeType: sniffed as 'image/png',
    fileName: input.fileName,
  });
  return { attachmentId: id, sha256: stored.sha256, storedBefore };
}

async function writeThumbnail(ctx: ServiceContext, sha256: string, bytes: Buffer): Promise<void> {
  if (sniffMimeType(bytes) !== 'image/jpeg') return; // only the renderer's JPEG previews are kept
  const target = thumbnailPath(ctx, sha256);
  if (fs.existsSync(target)) return;
  await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const temp = `${target}.${randomUUID()}.tmp`;
  await fsp.writeFile(temp, seal(ctx.store.keys.blobs, bytes, thumbnailName(sha256)), { mode: 0o600 });
  await fsp.rename(temp, target);
}

export async function attachmentContent(
  ctx: ServiceContext,
  input: ParsedInputOf<'dd.attachmentContent'>,
): Promise<OutputOf<'dd.attachmentContent'>> {
  const actor = requireActor(ctx);
  const a = getAttachment(ctx.store.read(), input.attachmentId);
  if (!a || a.branchId !== actor.branchId) throw new ServiceError('NOT_FOUND');
  if (input.variant === 'thumbnail') {
    const thumb = await readThumbnail(ctx, a.sha256);
    if (thumb) return { mimeType: 'image/jpeg', dataBase64: thumb.toString('base64') };
  }
  const blobs = workstationBlobs(ctx.store);
  if (!blobs.has(a.sha256)) throw new ServiceError('NOT_AVAILABLE', { reason: pick(M.fileNotHere, ctx.locale) });
  return { mimeType: a.mimeType, dataBase64: (await blobs.read(a.sha256)).toString('base64') };
}
