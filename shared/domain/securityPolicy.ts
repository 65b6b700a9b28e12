// Sign-in security policy values (head office may publish others in the 'security' policy record).
import { z } from 'zod';

export const securityPolicy = z.object({
  maxFailedSignIns: z.number().int().min(1).max(20).default(5),
  lockoutMinutes: z.number().int().min(1).max(24 * 60).default(15),
  idleLockMinutes: z.number().int().min(1).max(240).default(15),
});
export type SecurityPolicy = z.infer<typeof securityPolicy>;
