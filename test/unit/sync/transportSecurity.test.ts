// The rules for reaching head office: plain HTTP only to the literal loopback forms; pins as printed.
import { describe, expect, it } from 'vitest';
import { headOfficeUrlProblem, isLoopbackHost, normalizeCertificatePin } from '../../../shared/sync/transportSecurity';

describe('head-office address', () => {
  it.each(['127.0.0.1', '127.255.0.9', 'localhost', 'LOCALHOST', 'localhost.', '[::1]', '::1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['10.0.0.1', '128.0.0.1', '127.0.0.256', '127.1', '0.0.0.0', '::', 'localhost.example.com', 'my-localhost', '[::ffff:127.0.0.1]', ''])(
    '%s is not loopback',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );

  it('takes https anywhere and http only on loopback', () => {
    expect(headOfficeUrlProblem('https://ho.bank.example:8443')).toBeNull();
    expect(headOfficeUrlProblem('https://10.1.2.3')).toBeNull();
    expect(headOfficeUrlProblem('http://127.0.0.1:8787')).toBeNull();
    expect(headOfficeUrlProblem('http://localhost:8787/')).toBeNull();
    expect(headOfficeUrlProblem('http://[::1]:8787')).toBeNull();
    expect(headOfficeUrlProblem('http://10.1.2.3:8787')).toBe('httpsRequired');
    expect(headOfficeUrlProblem('http://ho.bank.example')).toBe('httpsRequired');
    // A user name that looks like loopback does not make the host one.
    expect(headOfficeUrlProblem('http://127.0.0.1@ho.bank.example')).toBe('httpsRequired');
    expect(headOfficeUrlProblem('ftp://127.0.0.1')).toBe('invalid');
    expect(headOfficeUrlProblem('not a url')).toBe('invalid');
  });
});

describe('certificate pin', () => {
  const pin = `sha256/${Buffer.alloc(32, 7).toString('base64')}`;

  it('takes the pin as printed, pasted with breaks, or without its prefix', () => {
    expect(normalizeCertificatePin(pin)).toBe(pin);
    expect(normalizeCertificatePin(` ${pin.slice(0, 10)}\n${pin.slice(10)} `)).toBe(pin);
    expect(normalizeCertificatePin(pin.slice('sha256/'.length))).toBe(pin);
  });

  it('refuses what is not 32 bytes of base64', () => {
    expect(normalizeCertificatePin('sha256/abc')).toBeNull();
    expect(normalizeCertificatePin(`sha1/${Buffer.alloc(20).toString('base64')}`)).toBeNull();
    expect(normalizeCertificatePin(Buffer.alloc(32).toString('hex'))).toBeNull();
    expect(normalizeCertificatePin('')).toBeNull();
  });
});
