import type { IncomingHttpHeaders } from 'node:http';

/**
 * Browsers always send Origin on cross-site requests and WebSocket upgrades, so a foreign page cannot
 * ride on a visitor's link. A missing Origin is a non-browser client (or a same-origin GET), which
 * the token alone decides.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (host !== undefined && url.host === host) return true;
  return allowed.some((entry) => URL.canParse(entry) && new URL(entry).origin === url.origin);
}

/**
 * Whether a state-changing request may come from where it comes from: never from another site's page
 * (a form or a `no-cors` fetch, which needs no CORS preflight), whatever its content type.
 */
export function isSameSiteRequest(headers: IncomingHttpHeaders, allowed: readonly string[]): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return false;
  return isOriginAllowed(headers.origin, headers.host, allowed);
}
