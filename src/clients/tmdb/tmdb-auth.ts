import type { TmdbConfig } from '../../config/config';

/** How requests carry the credential; `secrets` are the values that must never be printed. */
export interface TmdbAuth {
  headers: Record<string, string>;
  params: Record<string, string>;
  secrets: string[];
  configured: boolean;
}

/** Query parameters that hold credentials: never part of a cache key, a log line or an error. */
export const CREDENTIAL_PARAMS = new Set(['api_key', 'access_token', 'session_id']);

/**
 * A v4 read token (a JWT, so "eyJ...") goes in `Authorization: Bearer`; TMDb
 * accepts a v3 key only as the `api_key` query parameter.
 */
export function resolveTmdbAuth(config: Pick<TmdbConfig, 'apiKey' | 'accessToken'>): TmdbAuth {
  const token = config.accessToken?.trim() || (config.apiKey?.trim().startsWith('eyJ') ? config.apiKey.trim() : undefined);
  const secrets = [config.accessToken, config.apiKey].filter((s): s is string => Boolean(s && s.trim())).map((s) => s.trim());
  if (token) return { headers: { Authorization: `Bearer ${token}` }, params: {}, secrets, configured: true };
  const key = config.apiKey?.trim();
  if (key) return { headers: {}, params: { api_key: key }, secrets, configured: true };
  return { headers: {}, params: {}, secrets, configured: false };
}
