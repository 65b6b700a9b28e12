// Console text of the developer tools: the dev-web host (devweb/host.ts) and the head-office demo
// (scripts/demo-headoffice.ts). Nobody has chosen a language at a console, so each line shows Chinese
// and English together.
import { bothLanguages, type Bilingual } from './text';

/** Whole lines, shown Chinese then English. */
export const DEV_CONSOLE_TEXT = {
  migrationFailed: { 'zh-CN': '数据库升级失败，原文件已备份到 {path}。', en: 'Database migration failed; backup at {path}' },
  seedingDemo: { 'zh-CN': '总行：生成演示数据（{loans} 笔贷款，两个支行）…', en: 'Seeding head office with the demo book…' },
  noSuchLoanOrUser: { 'zh-CN': '未找到贷款或用户', en: 'no such loan or user' },
  /** The English half says what the operator should watch for next. */
  reassigned: { 'zh-CN': '已改派 {loanNo} → {username}', en: 'the branch sees it within seconds' },
} satisfies Record<string, Bilingual>;

/** Names inside the demo's lines, each shown as "中文 English" where the line puts it. */
export const DEMO_CONSOLE_LABELS = {
  headOffice: { 'zh-CN': '总行服务', en: 'Head office' },
  certificatePin: { 'zh-CN': '证书指纹', en: 'certificate pin' },
  workstation: { 'zh-CN': '工作站', en: 'Workstation' },
  signIn: { 'zh-CN': '登录', en: 'Sign in' },
  password: { 'zh-CN': '密码', en: 'password' },
  commands: { 'zh-CN': '命令', en: 'Commands' },
  loanNo: { 'zh-CN': '贷款编号', en: 'loanNo' },
  collectorUsername: { 'zh-CN': '催收员用户名', en: 'collector username' },
} satisfies Record<string, Bilingual>;

export function demoLabel(key: keyof typeof DEMO_CONSOLE_LABELS): string {
  return bothLanguages(DEMO_CONSOLE_LABELS[key], {}, ' ');
}

/** The demo's two workstation profiles of 城东支行; head office lists devices by these names, in Chinese. */
export const DEMO_WORKSTATION_NAMES: readonly Bilingual[] = [
  { 'zh-CN': '城东支行-柜台一', en: 'East City Branch, counter 1' },
  { 'zh-CN': '城东支行-柜台二', en: 'East City Branch, counter 2' },
];
