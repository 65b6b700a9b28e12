// A head office and its workstations for a describe block, as hooks: each `use…` registers the beforeAll
// that makes its piece and the afterAll that closes it, and returns the piece as a const the tests use
// directly (test/helpers/later.ts). Vitest runs the beforeAlls in the order they are written and the
// afterAlls in reverse, so a beforeAll a file writes between `useHeadOffice` and `useEnrolledWorkstations`
// (a published template, a borrower's phone) is at head office before the workstations enroll and pull,
// and the workstations close before head office does.
import { afterAll, beforeAll } from 'vitest';
import { startHeadOffice, type Backend, type HeadOffice, type HeadOfficeOptions } from './headOffice';
import { later } from './later';
import { enrolledWorkstation, openTestWorkstation, type EnrollOptions, type TestWorkstation } from './workstation';

/** A head office started before the block's tests (see startHeadOffice) and closed after them. */
export function useHeadOffice(backend: Backend, opts: HeadOfficeOptions = {}): HeadOffice {
  const ho = later<HeadOffice>('head office');
  let started: HeadOffice | undefined;
  beforeAll(async () => {
    started = await startHeadOffice(backend, opts);
    ho.fill(started);
  });
  afterAll(async () => {
    await started?.close();
  });
  return ho.value;
}

/** A workstation opened, not enrolled, before the block's tests, and closed after them. */
export function useWorkstation(): TestWorkstation {
  return useWorkstations(['workstation'], async () => openTestWorkstation())[0];
}

/**
 * Workstations enrolled with `ho` in branch B001 under `names`, one after the other, before the block's
 * tests (their background loop stopped unless `keepSyncing`: rounds run only when a test asks), and
 * closed in the same order after them.
 */
export function useEnrolledWorkstations<const N extends readonly string[]>(
  ho: HeadOffice,
  names: N,
  opts: EnrollOptions = {},
): { [K in keyof N]: TestWorkstation } {
  return useWorkstations(names, (name) => enrolledWorkstation(ho, name, opts));
}

function useWorkstations<const N extends readonly string[]>(
  names: N,
  open: (name: string) => Promise<TestWorkstation>,
): { [K in keyof N]: TestWorkstation } {
  const slots = names.map((name) => ({ name, ws: later<TestWorkstation>(`workstation ${name}`), opened: undefined as TestWorkstation | undefined }));
  beforeAll(async () => {
    for (const slot of slots) {
      slot.opened = await open(slot.name);
      slot.ws.fill(slot.opened);
    }
  });
  afterAll(async () => {
    for (const slot of slots) await slot.opened?.close();
  });
  return slots.map((slot) => slot.ws.value) as { [K in keyof N]: TestWorkstation };
}
