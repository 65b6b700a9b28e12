// Head office's command line (server/main.ts). The usage text itself is English, for the operators and
// vendors who script it; the sample values show that branch and people's names are entered in Chinese.
import type { Bilingual } from './text';

export const HEAD_OFFICE_USAGE_EXAMPLES = {
  /** create-branch takes the branch's name in both languages (--name-zh, --name-en). */
  branchName: { 'zh-CN': '城东支行', en: 'East City Branch' },
  /** create-user's --display-name: shown in Chinese in the usage, as staff names are. */
  displayName: { 'zh-CN': '名字', en: 'Name' },
} satisfies Record<string, Bilingual>;
