// Build step (vite plugin): writes the renderer's Content Security Policy into index.html, so the
// Electron window, which loads the page from file://, enforces the same policy the dev-web host sends.
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from '../shared/security';

export function cspMetaPlugin(): Plugin {
  return {
    name: 'bcw-csp-meta',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY_META}" />`),
  };
}
