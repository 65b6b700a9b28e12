// prefs.get and prefs.set: per-user screen preferences, kept on this workstation only.
import type { InputOf, OutputOf } from '../../shared/api/contract';
import { getPref, setPref } from '../../db/local/queries/prefs';
import { requireActor, type ServiceContext } from './context';

export function get(ctx: ServiceContext, input: InputOf<'prefs.get'>): OutputOf<'prefs.get'> {
  return { value: getPref(ctx.store.read(), requireActor(ctx).userId, input.key) };
}

export function set(ctx: ServiceContext, input: InputOf<'prefs.set'>): OutputOf<'prefs.set'> {
  const actor = requireActor(ctx);
  // Preferences are local, per user and never synced, so they do not go through the mutation path.
  ctx.store.transaction((w) => setPref(w, actor.userId, input.key, input.value));
  return { ok: true };
}
