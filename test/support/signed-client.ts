import { randomUUID } from 'node:crypto';
import { signedHeaders } from '../../src/http/webhook-signature';

export const TEST_WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

export interface SignedCallOptions {
  /** Body sent instead of the signed one (a tampered delivery). */
  tamper?: string;
  /** Clock used for the timestamp (a stale delivery). */
  now?: number;
  delivery?: string;
  sign?: boolean;
}

/** Calls the sidecar as the plugin does (the webhook signature), and waits for jobs to end. */
export function signedClient(baseUrl: () => string, secret = TEST_WEBHOOK_SECRET) {
  async function call(method: string, path: string, body?: unknown, opts: SignedCallOptions = {}) {
    const raw = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.sign !== false) Object.assign(headers, signedHeaders(secret, method, path, raw, opts.delivery ?? randomUUID(), opts.now));
    const res = await fetch(`${baseUrl()}${path}`, { method, headers, body: method === 'GET' ? undefined : (opts.tamper ?? raw) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  async function waitForJob(id: number, timeoutMs = 60_000): Promise<Record<string, any>> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const job = await call('GET', `/jobs/${id}`);
      if (!['queued', 'running'].includes(job.body.status)) return job.body;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} did not end in ${timeoutMs} ms`);
  }

  return { call, waitForJob };
}
