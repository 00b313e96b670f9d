import { TablePrefixError, WordPressAuthError } from '../../errors';

/** What `GET /wp/v2/types?context=edit` and `/wp/v2/taxonomies?context=edit` tell about capabilities. */
export interface WpCapabilityNames {
  capabilities?: Record<string, string>;
}

export interface CredentialFacts {
  username: string;
  /** `capabilities` of `GET /wp/v2/users/me?context=edit` (the user's allcaps). */
  userCaps: Record<string, boolean>;
  types: Record<string, WpCapabilityNames>;
  taxonomies: Record<string, WpCapabilityNames>;
}

const WHO = "the sidecar's WordPress credentials (WP_USERNAME / WP_APP_PASSWORD)";

/**
 * The capabilities a sync needs and the user lacks: editing (also others') and publishing each of
 * our post types, uploading files, managing each of our taxonomies' terms. WordPress leaves out of
 * the edit-context lists the types a user cannot edit; those fall back to the `post` capabilities.
 */
export function missingCapabilities(facts: CredentialFacts, postTypes: readonly string[], taxonomies: readonly string[]): string[] {
  // One entry per capability, naming every type it is missing for (the message stays short).
  const missing = new Map<string, { label: string; targets: string[] }>();
  const need = (cap: string | undefined, fallback: string, label: string, target = '') => {
    const name = cap ?? fallback;
    if (facts.userCaps[name]) return;
    const entry = missing.get(name) ?? { label, targets: [] };
    if (target) entry.targets.push(target);
    missing.set(name, entry);
  };
  for (const type of postTypes) {
    const caps = facts.types[type]?.capabilities ?? {};
    need(caps.edit_posts, 'edit_posts', 'edit %s posts', type);
    need(caps.edit_others_posts, 'edit_others_posts', "edit others' %s posts", type);
    need(caps.publish_posts, 'publish_posts', 'publish %s posts', type);
  }
  need(undefined, 'upload_files', 'upload images');
  for (const taxonomy of taxonomies) {
    const caps = facts.taxonomies[taxonomy]?.capabilities ?? {};
    need(caps.manage_terms, 'manage_categories', 'manage %s terms', taxonomy);
  }
  return [...missing].map(([name, { label, targets }]) => `${name} (${label.replace('%s', targets.join(', '))})`);
}

export function credentialsRejected(status: number, detail: string): WordPressAuthError {
  return new WordPressAuthError(`WordPress rejected ${WHO}. Create a new application password.`, {
    cause: { status },
    detail: `HTTP ${status}${detail ? `: ${detail}` : ''}`,
  });
}

export function capabilitiesMissing(username: string, missing: string[]): WordPressAuthError {
  return new WordPressAuthError(`${WHO}: user "${username}" lacks ${missing.join(', ')}`, { missing });
}

/**
 * A 401 or 403 while syncing is about the sidecar's own user, never the editor who pressed
 * "Sync now": say so, and name the capability the refused request needed.
 */
export function refusedDuringSync(what: string, status: number, code: string | undefined): WordPressAuthError {
  if (status === 401) return credentialsRejected(status, code ?? '');
  const capability = capabilityFor(what);
  return new WordPressAuthError(`WordPress refused ${what}: ${WHO} lack ${capability}`, {
    status: 502,
    missing: [capability],
    cause: { status, code },
    detail: `HTTP ${status}${code ? `: ${code}` : ''}`,
  });
}

function capabilityFor(what: string): string {
  // "PUT /wp/v2/movie/12" (REST) or "update movie 12" (older wording).
  const rest = /^(GET|POST|PUT|DELETE|OPTIONS) \/wp\/v2\/([a-z-]+)/.exec(what);
  const [verb, target] = rest ? [rest[1] === 'DELETE' ? 'delete' : 'update', rest[2]] : what.split(' ');
  if (verb === 'upload' || target === 'media') return 'upload_files';
  if (/^(genre|country|language|by-year|keyword|network|channel|nationality)$/.test(target ?? '')) return `manage_categories (manage ${target} terms)`;
  if (verb === 'delete') return `delete_posts (delete ${target} posts)`;
  return `edit_posts, edit_others_posts and publish_posts (for ${target ?? 'posts'})`;
}

/** TABLE_PREFIX against the `$wpdb->prefix` the plugin reports; undefined from a plugin too old to say. */
export function tablePrefixMismatch(configured: string, reported: string | undefined): TablePrefixError | null {
  if (reported === undefined || reported === configured) return null;
  return new TablePrefixError(
    `TABLE_PREFIX is "${configured}" but WordPress's table prefix is "${reported}": the sidecar would write ${configured}tmu_* tables that no template reads; set TABLE_PREFIX=${reported}`,
  );
}
