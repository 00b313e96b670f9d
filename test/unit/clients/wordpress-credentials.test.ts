import { capabilitiesMissing, missingCapabilities, refusedDuringSync } from '../../../src/clients/wordpress/wordpress-credentials';
import { describeError, WordPressAuthError } from '../../../src/errors';

const postCaps = { capabilities: { edit_posts: 'edit_posts', edit_others_posts: 'edit_others_posts', publish_posts: 'publish_posts' } };
const termCaps = { capabilities: { manage_terms: 'manage_categories' } };

function facts(userCaps: Record<string, boolean>) {
  return { username: 'sidecar', userCaps, types: { movie: postCaps, tv: postCaps }, taxonomies: { genre: termCaps } };
}

describe('WordPress credential checks', () => {
  const admin = { edit_posts: true, edit_others_posts: true, publish_posts: true, upload_files: true, manage_categories: true };

  it('needs nothing more from an administrator', () => {
    expect(missingCapabilities(facts(admin), ['movie', 'tv'], ['genre'])).toEqual([]);
  });

  it("names what an author lacks: editing others' posts and managing terms", () => {
    const author = { edit_posts: true, publish_posts: true, upload_files: true };
    expect(missingCapabilities(facts(author), ['movie', 'tv'], ['genre'])).toEqual([
      "edit_others_posts (edit others' movie, tv posts)",
      'manage_categories (manage genre terms)',
    ]);
  });

  it('falls back to the post capabilities for a type WordPress left out of the list', () => {
    const missing = missingCapabilities({ ...facts({ upload_files: true, manage_categories: true }), types: {} }, ['drama'], ['genre']);
    expect(missing).toEqual(['edit_posts (edit drama posts)', "edit_others_posts (edit others' drama posts)", 'publish_posts (publish drama posts)']);
  });

  it('names the user and the capabilities in the error', () => {
    const error = capabilitiesMissing('author1', ['upload_files (upload images)']);
    expect(error).toBeInstanceOf(WordPressAuthError);
    expect(error.code).toBe('wordpress_credentials');
    expect(error.message).toBe('the sidecar\'s WordPress credentials (WP_USERNAME / WP_APP_PASSWORD): user "author1" lacks upload_files (upload images)');
  });

  it("turns a 403 during a sync into the sidecar's credentials and the capability the request needed", () => {
    const upload = refusedDuringSync('upload poster.webp', 403, 'rest_cannot_create');
    expect(upload.retryable).toBe(false);
    expect(upload.missing).toEqual(['upload_files']);
    expect(upload.message).toContain("the sidecar's WordPress credentials (WP_USERNAME / WP_APP_PASSWORD) lack upload_files");
    expect(refusedDuringSync('create genre action', 403, 'rest_cannot_create').missing).toEqual(['manage_categories (manage genre terms)']);
    const edit = refusedDuringSync('update movie 12', 403, 'rest_cannot_edit');
    // The sentence names what was refused and why; WordPress's own code is the detail, not part of it.
    expect(edit.message).toMatch(/^WordPress refused update movie 12: .*edit_others_posts/);
    expect(edit.message).not.toContain('rest_cannot_edit');
    expect(edit.detail).toBe('HTTP 403: rest_cannot_edit');
  });

  it('turns a 401 into rejected credentials', () => {
    const error = refusedDuringSync('create movie', 401, 'incorrect_password');
    expect(error.message).toBe("WordPress rejected the sidecar's WordPress credentials (WP_USERNAME / WP_APP_PASSWORD). Create a new application password.");
    expect(error.detail).toBe('HTTP 401: incorrect_password');
    // A CLI line or a stored job error still carries the detail, after the sentence.
    expect(describeError(error)).toBe(`wordpress_credentials: ${error.message} (HTTP 401: incorrect_password)`);
  });
});
