// The branch's own row as its printouts name it: names and the contact line head office keeps for it.
import { prepared } from '../prepared';
import type { ReadHandle, WriteHandle } from '../store';

export interface BranchLetterhead {
  code: string;
  nameZh: string;
  nameEn: string;
  phone: string | null;
  address: string | null;
}

export function branchLetterhead(h: ReadHandle | WriteHandle, branchId: string): BranchLetterhead | undefined {
  return prepared(
    h.sql,
    'SELECT code, name_zh AS nameZh, name_en AS nameEn, phone, address FROM branches WHERE id = ? AND deleted_at IS NULL',
  ).get(branchId) as BranchLetterhead | undefined;
}
