// Texts of the portfolio services (the saved views' field messages), in both languages.
import type { Bilingual } from './text';

/** Field messages of the portfolio's saved views. */
export const PORTFOLIO_VIEW_MESSAGES = {
  nameRequired: { 'zh-CN': '请输入视图名称', en: 'Enter a name for the view' },
  nameTooLong: { 'zh-CN': '视图名称不能超过 {max} 个字符', en: 'The name can be at most {max} characters' },
  nameTaken: { 'zh-CN': '已有同名视图，请换一个名称或选择覆盖', en: 'A view with this name exists; choose another name or overwrite it' },
  tooMany: { 'zh-CN': '最多保存 {max} 个视图，请先删除不用的视图', en: 'At most {max} views can be saved; delete one you no longer use' },
  notSavedHere: { 'zh-CN': '视图请通过贷款组合页面保存', en: 'Views are saved from the portfolio page' },
} satisfies Record<string, Bilingual>;
