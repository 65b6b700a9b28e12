// POST /sync/hello: the handshake before a sync round (DESIGN.md §7). It tells the device who head
// office thinks it is, the scopes it may pull with their epochs and versions, and whether its schema
// is too old to pull. The server's clock is returned so the client can show skew; it never blocks.
import { branchScope, type HelloResponse } from '../../shared/sync/protocol';
import type { Device } from '../auth';
import type { Queryable } from '../db';
import { MIN_SCHEMA_VERSION } from '../config';
import { ensureScope } from './versions';

export async function handleHello(
  q: Queryable,
  device: Device,
  schemaVersion: number,
  now: Date,
  minSchemaVersion = MIN_SCHEMA_VERSION,
): Promise<HelloResponse> {
  const scopes = [];
  for (const scope of ['global', branchScope(device.branchId)] as const) scopes.push(await ensureScope(q, scope));
  return {
    serverTime: now.toISOString(),
    deviceId: device.id,
    branchId: device.branchId,
    scopes: scopes.map(({ scope, epoch, version }) => ({ scope, epoch, version })),
    minSchemaVersion,
    upgradeRequired: schemaVersion < minSchemaVersion,
  };
}
