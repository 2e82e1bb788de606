import { randomBytes } from 'node:crypto';

/** Sent with every response, pages and API alike. */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** JSON and images need no scripts, styles or frames at all. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The pages' Content-Security-Policy: scripts only with this response's nonce (Next.js puts it on its
 * own script tags when it finds the policy on the request) and what they load ('strict-dynamic'), so
 * an injected inline script never runs: tokens sit in localStorage. Development adds 'unsafe-eval'
 * for hot reload. Styles stay 'unsafe-inline': React style attributes need it, and styles cannot
 * read localStorage.
 */
export function pageContentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}
