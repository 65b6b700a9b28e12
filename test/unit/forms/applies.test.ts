import { describe, expect, it } from 'vitest';
import { pickTemplates, templateApplies, type FormTemplate } from '../../../shared/forms';
import { tpl, yesno } from './helpers';

const make = (code: string, version: number, customerTypes: FormTemplate['appliesTo']['customerTypes'], products: FormTemplate['appliesTo']['products']): FormTemplate => ({
  ...tpl([yesno('a')]),
  id: `${code}@${version}`,
  code,
  version,
  appliesTo: { customerTypes, products },
});

describe('templateApplies', () => {
  it('needs both the customer type and the purpose', () => {
    const a = { customerTypes: ['individual', 'micro'], products: ['consumer'] } as const;
    expect(templateApplies({ ...a, customerTypes: [...a.customerTypes], products: [...a.products] }, 'micro', 'consumer')).toBe(true);
    expect(templateApplies({ customerTypes: ['individual'], products: ['consumer'] }, 'enterprise', 'consumer')).toBe(false);
    expect(templateApplies({ customerTypes: ['individual'], products: ['consumer'] }, 'individual', 'housing')).toBe(false);
  });
});

describe('pickTemplates', () => {
  it('takes the highest version of each code that applies, sorted by code', () => {
    const list = [
      make('dd_z', 1, ['individual'], ['consumer']),
      make('dd_a', 1, ['individual'], ['consumer']),
      make('dd_a', 3, ['individual'], ['consumer', 'business']),
      make('dd_a', 2, ['individual'], ['consumer']),
      make('dd_b', 1, ['enterprise'], ['business']),
    ];
    expect(pickTemplates(list, 'individual', 'consumer').map((t) => t.id)).toEqual(['dd_a@3', 'dd_z@1']);
    expect(pickTemplates(list, 'enterprise', 'business').map((t) => t.id)).toEqual(['dd_b@1']);
    expect(pickTemplates([], 'micro', 'housing')).toEqual([]);
  });

  it('does not fall back to an older version the latest one no longer covers', () => {
    const list = [make('dd_a', 1, ['individual', 'micro'], ['consumer']), make('dd_a', 2, ['individual'], ['consumer'])];
    expect(pickTemplates(list, 'micro', 'consumer')).toEqual([]);
    expect(pickTemplates(list, 'individual', 'consumer').map((t) => t.id)).toEqual(['dd_a@2']);
  });
});
