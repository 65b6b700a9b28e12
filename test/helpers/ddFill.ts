// Fills a due-diligence case the way a careful officer would: answers every missing visible item with
// a valid value of its kind and attaches a real PNG where files are needed, until nothing is missing.
import zlib from 'node:zlib';
import { compileForm, parseTemplateRow } from '../../shared/forms/compile';
import { evaluateForm } from '../../shared/forms/evaluate';
import type { AnswerValue, FormItem, LeafItem } from '../../shared/forms/template';
import type { ServiceContext } from '../../main/services/context';
import type { InputOf, OutputOf } from '../../shared/api/contract';
import { answer as answerDd, get as getDdCase } from '../../main/services/dd/cases';
import { attach as attachDd } from '../../main/services/dd/attachments';

/** A valid PNG of w×h pixels of one colour; `seed` changes the colour, so each call can give other bytes. */
export function pngBytes(seed = 0, w = 4, h = 4): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, seed % 256)]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid, unremarkable answer for an item (the first option, mid-range numbers, a past date). */
export function sampleAnswer(item: FormItem): AnswerValue {
  switch (item.kind) {
    case 'yesno':
      return 'yes';
    case 'text':
      return '已核实';
    case 'number': {
      const lo = item.min ?? 0;
      const hi = item.max ?? lo + 10;
      return item.integer ? Math.ceil((lo + hi) / 2) : (lo + hi) / 2;
    }
    case 'money':
      return Math.max(item.min ?? 0, Math.min(item.max ?? 2_000_000, 1_500_000));
    case 'date':
      return '2026-01-10';
    case 'single':
      return item.options[0]?.value ?? null;
    case 'multi':
      return item.options.slice(0, Math.max(1, item.minSelected ?? 1)).map((o) => o.value);
    case 'group': {
      const rows = Math.max(1, item.minRows ?? 1);
      return Array.from({ length: rows }, () => {
        const out: Record<string, AnswerValue> = {};
        for (const child of item.items as LeafItem[]) {
          if (child.kind !== 'evidence' && child.kind !== 'signature') out[child.key] = sampleAnswer(child);
        }
        return out as Record<string, string>;
      });
    }
    default:
      return null;
  }
}

/**
 * Answers and attaches until the case has nothing missing, leaving out `skip` (item keys). Returns the
 * keys it answered. Throws if it cannot make progress (a template the filler does not understand).
 */
export function fillCase(ctx: ServiceContext, caseId: string, skip: readonly string[] = []): Promise<string[]> {
  return fillCaseThrough(
    { get: (input) => getDdCase(ctx, input), answer: (input) => answerDd(ctx, { ...input, value: input.value as AnswerValue }), attach: (input) => attachDd(ctx, input) },
    caseId,
    skip,
  );
}

type Awaitable<T> = T | Promise<T>;

/** The case calls the filler makes: the services in-process, or the API over HTTP from an e2e page. */
export interface DdCaseCalls {
  get(input: { caseId: string }): Awaitable<OutputOf<'dd.get'>>;
  answer(input: InputOf<'dd.answer'>): Awaitable<unknown>;
  attach(input: InputOf<'dd.attach'>): Awaitable<unknown>;
}

/** fillCase through any DdCaseCalls. */
export async function fillCaseThrough(calls: DdCaseCalls, caseId: string, skip: readonly string[] = []): Promise<string[]> {
  const answered: string[] = [];
  let seed = 1;
  for (let round = 0; round < 20; round++) {
    const data = await calls.get({ caseId });
    const form = compileForm(parseTemplateRow({ ...data.template, title_zh: data.template.titleZh, title_en: data.template.titleEn, applies_to: data.template.appliesTo }));
    const evidence: Record<string, number> = {};
    for (const a of data.attachments) evidence[a.itemKey] = (evidence[a.itemKey] ?? 0) + 1;
    const missing = evaluateForm(form, data.answers, evidence, { newMonthlyPayment: data.case.monthlyPayment }).missing.filter((m) => !skip.includes(m.key));
    if (missing.length === 0) return answered;
    for (const m of missing) {
      const item = form.byKey.get(m.key)?.item;
      if (!item) throw new Error(`missing item ${m.key} not in the template`);
      if (item.kind === 'evidence' || item.kind === 'signature') {
        const kind = item.kind === 'signature' ? 'signature' : (item.attachmentKinds[0] as string);
        const need = item.kind === 'evidence' ? Math.max(1, item.minCount ?? 1) - (evidence[m.key] ?? 0) : 1;
        for (let i = 0; i < need; i++) {
          await calls.attach({ caseId, itemKey: m.key, kind, fileName: `${m.key}-${i}.png`, mimeType: 'image/png', dataBase64: pngBytes(seed++).toString('base64') });
        }
      } else {
        await calls.answer({ caseId, itemKey: m.key, value: sampleAnswer(item) });
      }
      answered.push(m.key);
    }
  }
  throw new Error(`case ${caseId} still incomplete after 20 rounds`);
}
