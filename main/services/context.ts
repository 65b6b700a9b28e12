import type { Locale } from '../../shared/api/envelope';
import type { Actor } from '../../shared/mutations/types';
import type { LocalStore } from '../../db/local/store';
import type { SessionSlot } from './session';

/** What every service receives. Services never know which transport called them. */
export interface ServiceContext {
  store: LocalStore;
  /** The signed-in user, taken from the session held in main — never from the renderer. */
  actor: Actor | null;
  locale: Locale;
  clock: () => Date;
  deviceId: string;
  clientId: string;
  /** This connection's session slot (auth services change it; others only read the actor). */
  session: SessionSlot;
}

export function requireActor(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw new Error('service called without a signed-in actor');
  return ctx.actor;
}
