/**
 * Requests of the plugin suites against a WordPress with the plugin and a fake sidecar: REST calls with
 * the admin's application password, wp-admin pages and forms with a login cookie, and the signature check
 * of what the plugin sent the sidecar.
 */
import { RecordedRequest, signatureFor } from './fake-sidecar';
import { WordPressStack } from './wordpress-stack';

/** The webhook secret of the suites that set it as a constant in wp-config.php. */
export const SECRET = 'e2e-shared-secret-0123456789abcdef';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface ApiResult<T = any> {
  status: number;
  body: T;
  ms: number;
}

export function makeApi(stack: () => WordPressStack) {
  return async function api<T = any>(
    method: string,
    route: string,
    options: { body?: unknown; auth?: string | null; query?: Record<string, string | number> } = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const auth = options.auth === undefined ? stack().authHeader : options.auth;
    if (auth) headers.Authorization = auth;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const started = Date.now();
    const res = await fetch(stack().restUrl(route, options.query), { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* keep text */
    }
    return { status: res.status, body: parsed as T, ms: Date.now() - started };
  };
}

/** Logged-in admin page fetch. */
export async function adminPage(stack: WordPressStack, cookie: string, pathAndQuery: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${stack.url}${pathAndQuery}`, { headers: { Cookie: cookie }, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

/** POST a form as a logged-in user; resolves with the status and Location. */
export async function postForm(stack: WordPressStack, cookie: string, pathAndQuery: string, fields: Array<[string, string]>) {
  const res = await fetch(`${stack.url}${pathAndQuery}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  const html = await res.text();
  return { status: res.status, location: res.headers.get('location') ?? '', html };
}

/** Path and query of a Location header (absolute or relative). */
export function relativeUrl(location: string): string {
  const url = new URL(location, 'http://placeholder.invalid');
  return url.pathname + url.search;
}

export function hiddenValue(html: string, name: string, after = 0): string {
  const rest = html.slice(after);
  const match = new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}" value="([^"]*)"`).exec(rest);
  if (!match) throw new Error(`no hidden field ${name} in page`);
  return match[1];
}

export function settingsFormFields(html: string, values: Record<string, string>): Array<[string, string]> {
  return [
    ['option_page', 'tmu_sidecar'],
    ['action', 'update'],
    ['_wpnonce', hiddenValue(html, '_wpnonce', html.indexOf('id="tmu-settings-form"'))],
    ['_wp_http_referer', '/wp-admin/options-general.php?page=tmu-sidecar'],
    ...Object.entries(values).map(([k, v]) => [`tmu_sidecar_settings[${k}]`, v] as [string, string]),
  ];
}

export function expectSigned(request: RecordedRequest, secret = SECRET): void {
  const timestamp = String(request.headers['x-tmu-timestamp']);
  expect(timestamp).toMatch(/^\d+$/);
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
  expect(String(request.headers['x-tmu-delivery'])).toMatch(UUID_V4);
  expect(request.headers['x-tmu-signature']).toBe(signatureFor(secret, timestamp, request.method, request.url, request.rawBody));
  expect(request.signatureValid).toBe(true);
}
