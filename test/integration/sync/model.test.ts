// Model-based property test (fast-check): three PCs of one branch and one of another, each behind its
// own loopback fault proxy, doing random work — notes, conflicting answers to a shared due-diligence
// case, calls on a loan where one PC's dispute makes another PC's call one head office must refuse —
// with random sync rounds, work done between a round's push and its pull or while a request is held,
// answers lost after head office committed, cut and replayed requests, partitions and power cuts (also
// in the middle of a push). At quiescence every device equals head office row by row, every outbox
// entry has head office's verdict, and nothing was lost or applied twice (test/helpers/syncModel*.ts).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_TEMPLATES } from '../../../db/seeds/templates';
import { publishVersion } from '../../../server/publish';
import { availableBackends } from '../../helpers/headOffice';
import { useHeadOffice } from '../../helpers/useHeadOffice';
import { checkProperty, soak } from '../../helpers/soak';
import { BRANCHES, closeRun, newCoverage, openRun, stepArb } from '../../helpers/syncModel';
import { runStep } from '../../helpers/syncModelSteps';
import { checkConverged, quiesce } from '../../helpers/syncModelChecks';

describe.each(availableBackends())('sync model on %s', (backend) => {
  const ho = useHeadOffice(backend);
  let templateId: string;
  beforeAll(async () => {
    templateId = (await publishVersion(ho.db, 'template', SHIPPED_TEMPLATES[0]!)).id;
  });

  it('converges every device to head office', { timeout: soak(90_000) }, async () => {
    const coverage = newCoverage();
    const property = fc.asyncProperty(fc.array(stepArb(BRANCHES.length), { minLength: 15, maxLength: 40 }), async (steps) => {
      const run = await openRun(ho, templateId, coverage);
      try {
        for (const step of steps) await runStep(run, step);
        await quiesce(run);
        await checkConverged(run);
        coverage.runs += 1;
      } finally {
        await closeRun(run);
      }
    });
    const FIXED_SEED = 4242;
    let seed: number;
    try {
      seed = await checkProperty(`sync model on ${backend}`, property, { fixedSeed: FIXED_SEED, numRuns: soak(10) });
    } finally {
      // What the runs reached (`runs` counts those that passed; the soak script adds them up).
      console.log(`sync model on ${backend}: ${JSON.stringify(coverage)}`);
    }
    // The fixed seed's runs reach every path the model is meant to test: conflicts, refusals, lost
    // answers, power cuts mid-push, work during a round. (Checked for that seed only: a few runs of
    // another seed may by chance miss a rare path, which says nothing about sync.)
    if (seed === FIXED_SEED && !process.env['SOAK_PATH']) {
      expect(coverage.verdicts['ddAnswer.set conflict'], 'conflicting answers').toBeGreaterThan(0);
      expect(coverage.verdicts['contact.log rejected'], 'calls refused at head office').toBeGreaterThan(0);
      expect(coverage.lostPushAnswers, 'push answers lost after commit').toBeGreaterThan(0);
      expect(coverage.crashesMidPush, 'power cuts during a push').toBeGreaterThan(0);
      expect(coverage.actionsBetweenPushAndPull + coverage.actionsDuringRequest, 'work during a round').toBeGreaterThan(0);
    }
  });
});
