// How a workstation may reach head office: TLS except on this computer's own loopback, and head office's
// key pinned as the SHA-256 of its certificate's SubjectPublicKeyInfo (a renewed certificate with the
// same key keeps the pin). Pure rules shared by the workstation and head office's CLI; the hashing
// itself is in main/sync/headOfficeLink.ts and server/tls.ts (node:crypto).
import { z } from 'zod';

/** `sha256/` and the base64 of 32 bytes, as head office's CLI prints it (HPKP's notation). */
export const certificatePin = z.string().regex(/^sha256\/[A-Za-z0-9+/]{43}=$/);
export type CertificatePin = z.infer<typeof certificatePin>;

/** A pin as a person may type or paste it (spaces, line breaks, without `sha256/`), or null when it is not one. */
export function normalizeCertificatePin(text: string): CertificatePin | null {
  const compact = text.replace(/\s+/g, '');
  const parsed = certificatePin.safeParse(compact.startsWith('sha256/') ? compact : `sha256/${compact}`);
  return parsed.success ? parsed.data : null;
}

/**
 * 127.0.0.0/8, ::1 and localhost: traffic that never leaves the computer, where TLS adds nothing (the
 * dev host, tests, a TLS-terminating proxy beside head office). A name that merely resolves to a
 * loopback address does not count; only the literal forms do.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return v4 !== null && v4.slice(1).every((part) => Number(part) <= 255);
}

/** Why a head-office address cannot be used, or null when it can: plain HTTP only to loopback. */
export function headOfficeUrlProblem(url: string): 'invalid' | 'httpsRequired' | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'invalid';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol !== 'http:') return 'invalid';
  return isLoopbackHost(parsed.hostname) ? null : 'httpsRequired';
}
