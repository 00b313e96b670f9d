const QUERY_SECRET = /([?&](?:api_key|access_token|token|password)=)[^&#\s]+/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
const URL_PASSWORD = /(\/\/[^:/@\s]+:)[^@\s]+@/g;

/** Removes credentials from free text: URLs with api_key, bearer tokens, user:pass@ URLs. */
export function redactText(text: string, extraSecrets: readonly string[] = []): string {
  let out = text.replace(QUERY_SECRET, '$1[REDACTED]').replace(BEARER, '$1[REDACTED]').replace(URL_PASSWORD, '$1[REDACTED]@');
  for (const secret of extraSecrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}
