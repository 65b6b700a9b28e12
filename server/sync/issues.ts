// POST /sync/issues: the branch's rejected and conflicting mutations from all its devices, newest
// first, so a supervisor sees the whole branch's problems, not only those of the PC in front of them.
import type { BranchIssuesResponse } from '../../shared/sync/protocol';
import { maskNumbersDeep, maskNumbersIn } from '../../shared/text/mask';
import type { Device } from '../auth';
import type { Queryable } from '../db';

export async function handleBranchIssues(db: Queryable, device: Device, limit: number): Promise<BranchIssuesResponse> {
  const rows = await db.query<{
    mutation_id: string;
    name: string;
    user_id: string;
    device_name: string;
    status: 'rejected' | 'conflict';
    reason: { code: string; message: string } | null;
    received_at: string;
    args: unknown;
  }>(
    `SELECT ml.mutation_id, ml.name, ml.user_id, d.name AS device_name, ml.status, ml.reason, ml.received_at, ml.args
       FROM mutation_log ml
       JOIN client_state cs ON cs.client_id = ml.client_id
       JOIN devices d ON d.id = cs.device_id
      WHERE d.branch_id = $1 AND ml.status IN ('rejected', 'conflict')
      ORDER BY ml.received_at DESC, ml.seq DESC
      LIMIT $2`,
    [device.branchId, limit],
  );
  return {
    issues: rows.map((r) => ({
      mutationId: r.mutation_id,
      name: r.name,
      userId: r.user_id,
      deviceName: r.device_name,
      status: r.status,
      // Shown to a supervisor, not only to who typed them: numbers masked as the collection screen masks them.
      reason: r.reason && { code: r.reason.code, message: maskNumbersIn(r.reason.message) },
      receivedAt: r.received_at,
      args: maskNumbersDeep(r.args),
    })),
  };
}
