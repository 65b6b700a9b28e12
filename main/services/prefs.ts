// prefs.get and prefs.set: per-user screen preferences, kept on this workstation only. Screens with a
// typed preference (the portfolio's saved views) store it through ownPref/setOwnPref after their own
// checks, so the generic prefs.set refuses those keys.
import type { InputOf, OutputOf } from '../../shared/api/contract';
import { PORTFOLIO_VIEWS_PREF } from '../../shared/api/portfolioViewSchemas';
import { PORTFOLIO_VIEW_MESSAGES } from '../../shared/i18n/portfolio';
import { getPref, setPref } from '../../db/local/queries/prefs';
import { requireActor, type ServiceContext } from './context';
import { fieldError } from './errors';

/** Keys written only by the service that validates them. */
const TYPED_KEYS = new Set([PORTFOLIO_VIEWS_PREF]);

/** The signed-in user's stored value of `key` (null when never set). */
export function ownPref(ctx: ServiceContext, key: string): unknown {
  return getPref(ctx.store.read(), requireActor(ctx).userId, key);
}

export function setOwnPref(ctx: ServiceContext, key: string, value: unknown): void {
  const actor = requireActor(ctx);
  // Preferences are local, per user and never synced, so they do not go through the mutation path.
  ctx.store.transaction((w) => setPref(w, actor.userId, key, value));
}

export function get(ctx: ServiceContext, input: InputOf<'prefs.get'>): OutputOf<'prefs.get'> {
  return { value: ownPref(ctx, input.key) };
}

export function set(ctx: ServiceContext, input: InputOf<'prefs.set'>): OutputOf<'prefs.set'> {
  if (TYPED_KEYS.has(input.key)) throw fieldError(ctx.locale, 'key', PORTFOLIO_VIEW_MESSAGES.notSavedHere);
  setOwnPref(ctx, input.key, input.value);
  return { ok: true };
}
