// Messages shown before anyone signs in (the start-up error box), so the language is not known yet:
// each is shown in Chinese first, then English.
import { bothLanguages, type Bilingual } from './text';
const STARTUP_MESSAGES = {
  title: { 'zh-CN': '网点信贷工作台 — 无法启动', en: 'Branch Credit Workstation cannot start' },
  migrationFailed: {
    'zh-CN': '数据库升级失败，原数据已备份到：\n{path}\n请联系管理员。',
    en: 'Database upgrade failed; your data was backed up to:\n{path}\nPlease contact the administrator.',
  },
  keystoreUnavailable: {
    'zh-CN': '操作系统的密钥库不可用，无法保护本机数据库的密钥。',
    en: "The operating system's keystore is not available, so the database key cannot be protected.",
  },
  keystorePlainText: {
    'zh-CN': '本机的密钥库只能以明文保存密钥（Linux basic_text）。如管理员确认接受，请在数据目录中创建文件：\n{path}',
    en: 'This computer can keep keys only in plain text (Linux basic_text). If the administrator accepts that, create the file:\n{path}',
  },
  databaseKey: {
    'zh-CN': '无法用本机密钥打开数据库（密钥丢失或已更换）。数据未作任何改动，请联系管理员。\n{detail}',
    en: "The database cannot be opened with this computer's key (the key is missing or changed). Nothing was changed; please contact the administrator.\n{detail}",
  },
} satisfies Record<string, Bilingual>;

export type StartupMessageKey = keyof typeof STARTUP_MESSAGES;

/** Chinese, a blank line, then English. */
export function startupMessage(key: StartupMessageKey, params: Record<string, string> = {}): string {
  return bothLanguages(STARTUP_MESSAGES[key], params);
}
