// The renderer's Content Security Policy, the same in Electron and in the dev-web host.
// 'unsafe-inline' styles are needed by antd's CSS-in-JS; scripts stay strict.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The same policy as a <meta> tag for pages loaded from file:// (the packaged Electron window), where
 * no response header can carry it. frame-ancestors is not allowed in a meta policy; the window is
 * never framed anyway.
 */
export const CONTENT_SECURITY_POLICY_META = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

/**
 * Sites a link in the app may open in the system browser: the regulators whose rules the screens cite.
 * Anything else — another scheme, a user name or port in the URL, a look-alike host — stays closed.
 */
const EXTERNAL_LINK_HOSTS = ['www.nfra.gov.cn', 'www.pbc.gov.cn', 'www.gov.cn'] as const;

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    (EXTERNAL_LINK_HOSTS as readonly string[]).includes(url.hostname)
  );
}
