// Error messages in the user's language, shared by main (which builds the envelope) and the renderer.
import type { ErrorCode, Locale } from '../api/envelope';
import { catalogText, pick, type Bilingual } from './text';

const MESSAGES: Record<ErrorCode, Bilingual> = {
  UNKNOWN_METHOD: { 'zh-CN': '未知的接口：{name}', en: 'Unknown method: {name}' },
  VALIDATION: { 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid; please check them' },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', en: 'Please sign in first' },
  SESSION_LOCKED: {
    'zh-CN': '长时间未操作，已自动锁定，请输入密码解锁',
    en: 'Locked after inactivity; enter your password to unlock',
  },
  FORBIDDEN: { 'zh-CN': '您的角色无权执行此操作', en: 'Your role is not allowed to do this' },
  NOT_FOUND: { 'zh-CN': '未找到该记录', en: 'Record not found' },
  BAD_CREDENTIALS: {
    'zh-CN': '用户名或密码错误（还可尝试 {remaining} 次）',
    en: 'Wrong username or password ({remaining} tries left)',
  },
  ACCOUNT_LOCKED: {
    'zh-CN': '连续输错密码次数过多，账户已锁定至 {until}',
    en: 'Too many failed sign-ins; the account is locked until {until}',
  },
  CONFLICT: { 'zh-CN': '记录已被修改，请刷新后重试', en: 'The record changed; refresh and try again' },
  INCOMPLETE: { 'zh-CN': '还有 {count} 项未完成，不能提交', en: '{count} items are still missing; the case cannot be submitted' },
  CONTACT_BLOCKED: { 'zh-CN': '按催收联系规则，此次联系不允许：{reasons}', en: 'The contact rules do not allow this contact: {reasons}' },
  DOMAIN_RULE: { 'zh-CN': '不符合业务规则：{rule}', en: 'Business rule not met: {rule}' },
  NOT_AVAILABLE: { 'zh-CN': '当前不可用：{reason}', en: 'Not available: {reason}' },
  INTERNAL: { 'zh-CN': '系统内部错误，请联系管理员', en: 'Internal error; please contact the administrator' },
};

export function errorMessage(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  return pick(MESSAGES[code], locale, params);
}

/** Messages for one field, in the user's language (the `fields` of a VALIDATION answer). */
const FIELD_MESSAGES = {
  unstorableText: {
    'zh-CN': '含有无法保存的字符（不成对的代理字符或空字符），请删除后重新输入',
    en: 'Contains a character that cannot be saved (an unpaired surrogate or NUL); remove it and type again',
  },
  httpsRequired: {
    'zh-CN': '总行地址必须以 https:// 开头（http:// 仅限本机地址 127.0.0.1 或 localhost）',
    en: 'The head-office address must start with https:// (http:// only for this computer: 127.0.0.1 or localhost)',
  },
  certificatePinFormat: {
    'zh-CN': '证书指纹格式不对，应为总行打印的 sha256/ 开头的一串字符',
    en: 'This is not a certificate pin; copy the sha256/… line head office printed beside the code',
  },
} satisfies Record<string, Bilingual>;

export function fieldMessage(key: keyof typeof FIELD_MESSAGES, locale: Locale): string {
  return catalogText(FIELD_MESSAGES, key, locale);
}

/** Why something is not available now (the {reason} of NOT_AVAILABLE), in the user's language. */
const UNAVAILABLE_REASONS = {
  alreadyEnrolled: { 'zh-CN': '本工作站已有数据或已注册', en: 'this workstation already has data or is enrolled' },
  headOfficeUnreachable: { 'zh-CN': '无法连接总行服务器', en: 'cannot reach head office' },
  enrollmentCodeInvalid: { 'zh-CN': '注册码无效或已过期', en: 'the enrollment code is invalid or expired' },
  needsHeadOffice: { 'zh-CN': '需要连接总行', en: 'needs a connection to head office' },
  certificatePinMismatch: {
    'zh-CN': '总行服务器的证书与注册码旁的证书指纹不符，可能连到了别的服务器；请核对地址和指纹',
    en: "head office's certificate does not match the pin given with the code; this may not be head office — check the address and the pin",
  },
  certificateUntrusted: {
    'zh-CN': '总行服务器的证书不受本机信任；请填写总行打印的证书指纹',
    en: "this computer does not trust head office's certificate; enter the certificate pin head office printed",
  },
  plainHttpRefused: {
    'zh-CN': '不能用 http:// 连接其他计算机上的总行，请使用 https://',
    en: 'head office on another computer cannot be reached over http://; use https://',
  },
} satisfies Record<string, Bilingual>;

export function unavailableReason(key: keyof typeof UNAVAILABLE_REASONS, locale: Locale): string {
  return catalogText(UNAVAILABLE_REASONS, key, locale);
}

/** Why sync stopped retrying by itself (sync.status `halted`), in plain words for the status bar. */
const SYNC_HALTS = {
  certificate: {
    'zh-CN': '同步已暂停：总行服务器出示的证书与注册时记录的不同，可能有人冒充总行。请联系管理员，不要继续尝试。',
    en: 'Sync is paused: head office presented a different certificate from the one recorded at enrollment, so this may not be head office. Contact your administrator.',
  },
  tokenExpired: {
    'zh-CN': '同步已暂停：本工作站在总行的注册已过期，需要重新注册。请联系管理员；本机录入的工作不会丢失。',
    en: 'Sync is paused: this workstation’s enrollment with head office has expired and it must be enrolled again. Contact your administrator; work entered here is kept.',
  },
} satisfies Record<string, Bilingual>;

export function syncHaltMessage(key: keyof typeof SYNC_HALTS, locale: Locale): string {
  return catalogText(SYNC_HALTS, key, locale);
}
