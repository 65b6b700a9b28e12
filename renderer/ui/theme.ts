// Fonts available on branch PCs (Windows: Microsoft YaHei; macOS: PingFang; Linux: Noto/WenQuanYi).
// Nothing is fetched from the internet: branch PCs are often offline and the CSP forbids it anyway.
export const FONT_STACK =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";

export const BRAND_COLOR = '#1f5fa8';

/** Text lighter than body text that still reads at WCAG AA (4.5:1) on white and light greys (.muted in styles.css). */
export const MUTED_TEXT = 'rgba(0, 0, 0, 0.62)';
