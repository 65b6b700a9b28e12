// An attachment limit head office publishes (policy dd) reaches, after the next sync, the check the
// branch makes before storing a file, the value the screen states (policy.current), and head office's
// own re-run of attachment.add — which refuses a file a PC that has not pulled the policy let through.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_TEMPLATES } from '../../../db/seeds/templates';
import { templates as ddTemplates, open as openDdCase } from '../../../main/services/dd/cases';
import { attach as attachDd } from '../../../main/services/dd/attachments';
import { ServiceError } from '../../../main/services/errors';
import { current as currentPolicies } from '../../../main/services/policies';
import { publishVersion } from '../../../server/publish';
import { availableBackends } from '../../helpers/headOffice';
import { useEnrolledWorkstations, useHeadOffice } from '../../helpers/useHeadOffice';
import type { TestWorkstation } from '../../helpers/workstation';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A file that sniffs as a PNG, of `bytes` bytes. */
const pngOf = (bytes: number) => Buffer.concat([PNG_MAGIC, randomBytes(bytes - PNG_MAGIC.length)]).toString('base64');
const APPLICATION = { purpose: 'consumer', amount: 10_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' } as const;

describe.each(availableBackends())('a published attachment limit, on %s', (backend) => {
  const ho = useHeadOffice(backend);
  let officer: string;
  let customerId: string;
  beforeAll(async () => {
    for (const t of SHIPPED_TEMPLATES) await publishVersion(ho.db, 'template', t);
    officer = ho.users['officer1']!;
    customerId = (await ho.db.query<{ id: string }>("SELECT id FROM customers WHERE customer_no = 'C0001'"))[0]!.id;
  });
  const [a, b] = useEnrolledWorkstations(ho, ['限额一号机', '限额二号机']);

  function openCase(w: TestWorkstation): string {
    const ctx = w.context(officer);
    const [template] = ddTemplates(ctx, { customerId, purpose: 'consumer' }).templates;
    if (!template) throw new Error('no template offered');
    return openDdCase(ctx, { customerId, templateId: template.id, application: { ...APPLICATION } }).caseId;
  }
  const attach = (w: TestWorkstation, caseId: string, bytes: number) =>
    attachDd(w.context(officer), { caseId, itemKey: 'id_scan', kind: 'id_scan', fileName: 'scan.png', mimeType: 'image/png', dataBase64: pngOf(bytes) });

  it('reaches the branch’s upload check and the value the screen states', async () => {
    const caseId = openCase(a);
    expect(currentPolicies(a.context(officer)).dd.maxAttachmentBytes).toBe(20 * 1024 * 1024);
    await publishVersion(ho.db, 'policy', { code: 'dd', body: { maxAttachmentBytes: 1024 * 1024 } });
    await a.sync.syncNow();
    expect(currentPolicies(a.context(officer)).dd.maxAttachmentBytes).toBe(1024 * 1024);
    const refused = await attach(a, caseId, 1_500_000).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(ServiceError);
    expect((refused as ServiceError).fields?.['file']).toMatch(/\b1 MB\b/);
    await expect(attach(a, caseId, 500_000)).resolves.toMatchObject({ storedBefore: false });
  });

  it('is judged again at head office: a PC that has not pulled it is refused there', async () => {
    // B enrolled before the change and has not pulled since: it still allows 20 MB.
    const caseId = openCase(b);
    const { attachmentId } = await attach(b, caseId, 1_500_000);
    await b.sync.syncNow();
    expect(await ho.db.query('SELECT id FROM attachments WHERE id = $1', [attachmentId])).toEqual([]);
    const outbox = b.store.read().sql.prepare("SELECT status, result FROM outbox WHERE name = 'attachment.add@1'").all() as { status: string; result: string }[];
    expect(outbox.map((o) => o.status)).toEqual(['rejected']);
    expect(JSON.parse(outbox[0]!.result).reason.message).toMatch(/policy dd allows 1048576/);
    expect(currentPolicies(b.context(officer)).dd.maxAttachmentBytes).toBe(1024 * 1024);
  });
});
