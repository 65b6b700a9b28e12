// Due-diligence benchmarks through the API front door (the dispatcher the IPC and dev-web hosts share):
// opening a 150-item case with 30 attachments (dd.get), and one autosaved answer (dd.answer) with the
// physical floor beside it — the simplest mutation (loan.addNote) through the same path, same file, same run.
import type { Envelope } from '../../shared/api/envelope';
import { GLOBAL_BRANCH_ID, publishedRowId } from '../../shared/forms/publishedId';
import type { AnswerValue, FormItem } from '../../shared/forms/template';
import { createDispatcher } from '../../main/api/dispatcher';
import { SessionStore } from '../../main/services/session';
import { createFixture, PASSWORD } from '../helpers/fixtures';
import { pngBytes } from '../helpers/ddFill';
import { syntheticAnswers, syntheticTemplate } from './forms';

type Emit = (line: Record<string, unknown>) => void;

const ITEMS = 150;
const ATTACHMENTS = 30;
const NOW = '2026-01-01T00:00:00.000Z';
const APPLICATION = { purpose: 'consumer', amount: 10_000_000, termMonths: 24, annualRate: '4.35', method: 'equal_installment' } as const;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const round4 = (x: number) => Number(x.toFixed(4));

function data<T>(env: Envelope<unknown>, what: string): T {
  if (!env.ok) throw new Error(`${what} failed: ${JSON.stringify(env.error)}`);
  return env.data as T;
}

export async function runDdBenchmarks(emit: Emit): Promise<void> {
  const fx = createFixture();
  const template = syntheticTemplate(ITEMS);
  // An individual customer's consumer loan must be able to use it (dd.open checks applies_to and purpose).
  const appliesTo = {
    customerTypes: [...new Set([...template.appliesTo.customerTypes, 'individual' as const])],
    products: [...new Set([...template.appliesTo.products, 'consumer' as const])],
  };
  const body = { ...template.body, purpose: 'due_diligence' as const };
  const templateId = publishedRowId('form_templates', template.code, template.version);
  fx.store.transaction((w) => {
    w.sql
      .prepare(
        `INSERT INTO form_templates (id, branch_id, created_at, updated_at, updated_by, row_version, code, version, title_zh, title_en, applies_to, body, published_at)
         VALUES (?, ?, ?, ?, 'system', 1, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(templateId, GLOBAL_BRANCH_ID, NOW, NOW, template.code, template.version, template.title.zh, template.title.en,
        JSON.stringify(appliesTo), JSON.stringify(body), NOW);
  });

  const dispatch = createDispatcher({ store: fx.store, deviceId: 'bench-dd', clientId: 'bench-dd' });
  const session = new SessionStore().slot('bench-dd');
  const call = (name: string, input: unknown) => dispatch(session, name, input, 'zh-CN');
  data(await call('auth.signIn', { username: 'officerA', password: PASSWORD }), 'auth.signIn');
  const { caseId } = data<{ caseId: string }>(
    await call('dd.open', { customerId: 'cust-A', templateId, application: { ...APPLICATION } }),
    'dd.open',
  );

  // ~120 answers: every leaf/group answer syntheticAnswers gives that the API accepts.
  const { answers } = syntheticAnswers(template, 0.9);
  const accepted: [string, AnswerValue][] = [];
  for (const [itemKey, value] of Object.entries(answers)) {
    const res = await call('dd.answer', { caseId, itemKey, value });
    if (res.ok) accepted.push([itemKey, value]);
  }

  // 30 distinct small PNGs spread over the template's evidence items (several per item).
  const items: FormItem[] = template.body.sections.flatMap((s) => s.items);
  const evidence = items.filter((i): i is Extract<FormItem, { kind: 'evidence' }> => i.kind === 'evidence');
  if (evidence.length === 0) throw new Error('the synthetic template has no evidence item');
  for (let n = 0; n < ATTACHMENTS; n++) {
    const item = evidence[n % evidence.length] as (typeof evidence)[number];
    data(
      await call('dd.attach', {
        caseId, itemKey: item.key, kind: item.attachmentKinds[0], fileName: `${item.key}-${n}.png`, mimeType: 'image/png',
        dataBase64: pngBytes(n + 1).toString('base64'),
      }),
      'dd.attach',
    );
  }

  // dd.open_case: what the renderer waits for when the officer opens the case.
  const opened = data<{ answers: Record<string, unknown>; attachments: unknown[] }>(await call('dd.get', { caseId }), 'dd.get');
  if (opened.attachments.length !== ATTACHMENTS) throw new Error(`dd.get returned ${opened.attachments.length} attachments`);
  for (let i = 0; i < 20; i++) data(await call('dd.get', { caseId }), 'dd.get'); // warm-up
  const GETS = 60;
  const gets: number[] = [];
  for (let i = 0; i < GETS; i++) {
    const t0 = performance.now();
    data(await call('dd.get', { caseId }), 'dd.get');
    gets.push(performance.now() - t0);
  }
  gets.sort((a, b) => a - b);
  emit({
    name: 'dd.open_case.ms', value: round4(gets.reduce((a, b) => a + b, 0) / GETS), unit: 'ms', p95: round4(percentile(gets, 95)), n: GETS,
    items: ITEMS, attachments: ATTACHMENTS, answers: Object.keys(opened.answers).length, target: '< 200',
  });

  // dd.answer: one autosave (an update of an existing answer), interleaved call by call with the floor
  // (loan.addNote, the simplest mutation, through the same dispatcher) so both see the same machine noise.
  const editable = items.filter((i) => (i.kind === 'text' || i.kind === 'number') && accepted.some(([k]) => k === i.key));
  if (editable.length === 0) throw new Error('no accepted text/number answer to autosave');
  const WARM = 200;
  const N = 2_000;
  const answerSamples: number[] = [];
  const floorSamples: number[] = [];
  for (let i = 0; i < WARM + N; i++) {
    const item = editable[i % editable.length] as FormItem;
    const value = item.kind === 'text' ? `情况正常，第 ${i} 次修改` : i % 1000;
    let t0 = performance.now();
    data(await call('dd.answer', { caseId, itemKey: item.key, value }), 'dd.answer');
    if (i >= WARM) answerSamples.push(performance.now() - t0);
    t0 = performance.now();
    data(await call('loan.addNote', { loanId: fx.loanA, body: `bench note ${i}` }), 'loan.addNote');
    if (i >= WARM) floorSamples.push(performance.now() - t0);
  }
  answerSamples.sort((a, b) => a - b);
  floorSamples.sort((a, b) => a - b);
  emit({ name: 'dd.answer.p99_ms', value: round4(percentile(answerSamples, 99)), unit: 'ms', p50: round4(percentile(answerSamples, 50)), n: N, target: '< 3' });
  emit({ name: 'dd.answer.floor_p99_ms', value: round4(percentile(floorSamples, 99)), unit: 'ms', p50: round4(percentile(floorSamples, 50)), n: N, mutation: 'loan.addNote' });
  fx.store.close();
}
