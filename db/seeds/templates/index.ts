// The due-diligence checklist templates shipped with the workstation (db/seeds/README.md, "Due-diligence
// templates"). Each JSON file is what `npm run server -- publish --kind template --file <file>` takes;
// parsing them here makes a broken file fail loudly wherever the list is imported (tests, demo seeding).
import { templateFile, type TemplateFile } from '../../../shared/forms/template';
import ddPersonalBusiness from './dd_personal_business.json' with { type: 'json' };
import ddPersonalConsumer from './dd_personal_consumer.json' with { type: 'json' };
import ddSmeWorkingCapital from './dd_sme_working_capital.json' with { type: 'json' };

function load(name: string, raw: unknown): TemplateFile {
  const parsed = templateFile.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`db/seeds/templates/${name}.json does not match the template format: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** The shipped templates, in file-name order: personal consumer, personal business, SME working capital. */
export const SHIPPED_TEMPLATES: TemplateFile[] = [
  load('dd_personal_consumer', ddPersonalConsumer),
  load('dd_personal_business', ddPersonalBusiness),
  load('dd_sme_working_capital', ddSmeWorkingCapital),
];
