// Which checklists a case needs: templates whose applies_to covers the customer type and loan purpose.
import type { CUSTOMER_TYPES as CUSTOMER_TYPE_VALUES, LOAN_PURPOSES as PURPOSE_VALUES } from '../domain/vocabulary';
import type { AppliesTo, FormTemplate } from './template';

export type CustomerType = (typeof CUSTOMER_TYPE_VALUES)[number];
export type Purpose = (typeof PURPOSE_VALUES)[number];

export function templateApplies(appliesTo: AppliesTo, customerType: CustomerType, purpose: Purpose): boolean {
  return appliesTo.customerTypes.includes(customerType) && appliesTo.products.includes(purpose);
}

/**
 * For each code, its highest version, if that version applies; sorted by code. The highest version is
 * picked BEFORE the applies test on purpose: branches use the latest version of a code (db/seeds/README
 * §5), so when head office narrows a template in a new version, an older, wider version must not come
 * back for the customers it no longer covers.
 */
export function pickTemplates(templates: readonly FormTemplate[], customerType: CustomerType, purpose: Purpose): FormTemplate[] {
  const latest = new Map<string, FormTemplate>();
  for (const t of templates) {
    const seen = latest.get(t.code);
    if (!seen || t.version > seen.version) latest.set(t.code, t);
  }
  return [...latest.values()]
    .filter((t) => templateApplies(t.appliesTo, customerType, purpose))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
