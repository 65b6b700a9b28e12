// app.status: whether this workstation has data, is enrolled with head office, and can load the demo.
import type { OutputOf } from '../../shared/api/contract';
import { countRows } from '../../db/local/queries/users';
import { getSyncValue } from '../../db/local/syncState';
import type { ServiceContext } from './context';

export const APP_VERSION = '0.1.0';

export function serverConfigured(ctx: ServiceContext): boolean {
  return Boolean(getSyncValue(ctx.store.read(), 'server_url'));
}

export function status(ctx: ServiceContext): OutputOf<'app.status'> {
  const hasData = countRows(ctx.store.read(), 'users') > 0;
  const configured = serverConfigured(ctx);
  return { hasData, serverConfigured: configured, demoAvailable: !hasData && !configured, version: APP_VERSION };
}
