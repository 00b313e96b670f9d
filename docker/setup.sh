#!/bin/sh
# One-shot setup of the Docker stack, run by the `setup` service (official wordpress:cli image)
# on every `docker compose up`; each step is skipped when already done.
#   1. installs WordPress (site URL, title and administrator from .env)
#   2. turns on pretty permalinks (the REST API lives at /wp-json/)
#   3. activates the TMU Sidecar plugin
#   4. writes the shared webhook secret (TMU_WEBHOOK_SECRET, or a random one kept from the first run)
#   5. creates an application password for the administrator
# The secret and the password go to files in the shared volume at $SETUP_DIR, which the sidecar
# reads through TMU_WEBHOOK_SECRET_FILE and WP_APP_PASSWORD_FILE, and wp-config.php through
# WORDPRESS_CONFIG_EXTRA. Nobody pastes them anywhere.
set -eu

SETUP_DIR="${SETUP_DIR:-/run/tmu-setup}"
SECRET_FILE="$SETUP_DIR/webhook-secret"
PASSWORD_FILE="$SETUP_DIR/wp-app-password"
APP_PASSWORD_NAME="tmu-sidecar"

: "${WP_SITE_URL:?WP_SITE_URL is required}"
: "${WP_ADMIN_USER:?WP_ADMIN_USER is required}"
: "${WP_ADMIN_PASSWORD:?WP_ADMIN_PASSWORD is required}"
: "${WP_ADMIN_EMAIL:?WP_ADMIN_EMAIL is required}"
WP_SITE_TITLE="${WP_SITE_TITLE:-TMU}"

log() { printf 'setup: %s\n' "$*"; }
# The container runs as root to write the shared volume; wp-cli refuses root without the flag.
wp_cli() { wp --allow-root --path=/var/www/html "$@"; }

# Writes stdin to a file readable by the sidecar (another user) but created without a window where it is partial.
write_secret() {
  umask 022
  cat > "$1.tmp"
  chmod 0644 "$1.tmp"
  mv "$1.tmp" "$1"
}

mkdir -p "$SETUP_DIR"

# The wordpress service writes wp-config.php when it first starts (its healthcheck waits for it too).
tries=0
until [ -f /var/www/html/wp-config.php ]; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    log "no /var/www/html/wp-config.php after 120 s: is the wordpress service running?" >&2
    exit 1
  fi
  sleep 2
done

if wp_cli core is-installed >/dev/null 2>&1; then
  log "WordPress is installed"
else
  log "installing WordPress at $WP_SITE_URL"
  wp_cli core install --url="$WP_SITE_URL" --title="$WP_SITE_TITLE" --admin_user="$WP_ADMIN_USER" \
    --admin_password="$WP_ADMIN_PASSWORD" --admin_email="$WP_ADMIN_EMAIL" --skip-email
fi

if [ -z "$(wp_cli option get permalink_structure)" ]; then
  log "turning on pretty permalinks"
  wp_cli rewrite structure '/%postname%/'
fi

log "activating the TMU Sidecar plugin"
wp_cli plugin activate tmu-sidecar

# The secret from .env wins; otherwise the one from an earlier run is kept; otherwise a new random one.
if [ -n "${TMU_WEBHOOK_SECRET:-}" ]; then
  printf '%s' "$TMU_WEBHOOK_SECRET" | write_secret "$SECRET_FILE"
  log "webhook secret taken from TMU_WEBHOOK_SECRET"
elif [ ! -s "$SECRET_FILE" ]; then
  secret="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
  [ "${#secret}" -eq 64 ] || { log "could not read /dev/urandom" >&2; exit 1; }
  printf '%s' "$secret" | write_secret "$SECRET_FILE"
  log "webhook secret generated"
else
  log "webhook secret kept"
fi

# A password file from an earlier run stays valid while WordPress still has the password it names.
existing="$(wp_cli user application-password list "$WP_ADMIN_USER" --name="$APP_PASSWORD_NAME" --field=uuid 2>/dev/null || true)"
if [ -s "$PASSWORD_FILE" ] && [ -n "$existing" ]; then
  log "application password kept"
else
  for uuid in $existing; do
    wp_cli user application-password delete "$WP_ADMIN_USER" "$uuid" >/dev/null
  done
  # Captured first: a failing command stops the script here instead of leaving an empty file.
  password="$(wp_cli user application-password create "$WP_ADMIN_USER" "$APP_PASSWORD_NAME" --porcelain)"
  printf '%s' "$password" | write_secret "$PASSWORD_FILE"
  log "application password created for $WP_ADMIN_USER"
fi

log "done: open $WP_SITE_URL/wp-admin/options-general.php?page=tmu-sidecar and enter the TMDb API key"
