// The application's own name, in both languages.
import type { Bilingual } from './text';

export const APP_NAME: Bilingual = { 'zh-CN': '网点信贷工作台', en: 'Branch Credit Workstation' };
