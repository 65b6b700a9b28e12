// Links the Electron window may hand to the system browser: the listed regulators over https, nothing else.
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../shared/security';

describe('external links', () => {
  it('opens only the listed sites over https', () => {
    expect(isAllowedExternalUrl('https://www.nfra.gov.cn/cn/view/pages/index/index.html')).toBe(true);
    for (const url of [
      'http://www.nfra.gov.cn/',
      'https://www.nfra.gov.cn.evil.example/',
      'https://evil.example/?https://www.nfra.gov.cn/',
      'https://user@www.nfra.gov.cn/',
      'https://www.nfra.gov.cn:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://www.nfra.gov.cn/share',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });
});
