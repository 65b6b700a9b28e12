// The branch's half of comparing the audit chain with head office (server/sync/auditHeads.ts): head
// office names the seqs it holds signed heads for, the branch sends its chain hash at each (null where
// the entry is gone), and head office compares. Run by audit.verify next to the local check.
import { auditHashesAt } from '../../db/local/auditChain';
import type { ReadHandle } from '../../db/local/store';
import type { AuditVerifyResponse } from '../../shared/sync/protocol';
import type { SyncTransport } from './transport';

export async function compareAuditWithHeadOffice(
  read: ReadHandle,
  transport: Pick<SyncTransport, 'auditHeads' | 'auditVerify'>,
  clientId: string,
): Promise<AuditVerifyResponse> {
  const { seqs } = await transport.auditHeads(clientId);
  const have = new Map(auditHashesAt(read, seqs).map((h) => [h.seq, h.hash]));
  return transport.auditVerify({ clientId, heads: seqs.map((seq) => ({ seq, hash: have.get(seq) ?? null })) });
}
