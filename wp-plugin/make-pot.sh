#!/bin/sh
# Regenerates wp-plugin/tmu-sidecar/languages/tmu-sidecar.pot from the plugin's PHP files with
# GNU xgettext (Debian package "gettext"), using WordPress's translation functions as keywords.
# Usage: sh wp-plugin/make-pot.sh
set -eu
cd "$(dirname "$0")/tmu-sidecar"
version=$(sed -n 's/^ \* Version: *//p' tmu-sidecar.php | head -n 1)
find . -name '*.php' | LC_ALL=C sort | xgettext \
	--files-from=- \
	--language=PHP \
	--from-code=UTF-8 \
	--add-comments=translators: \
	--sort-by-file \
	--no-wrap \
	--package-name='TMU Sidecar' \
	--package-version="$version" \
	--msgid-bugs-address='https://github.com/tmu-sidecar/tmu-sidecar/issues' \
	--keyword=__:1,2t --keyword=_e:1,2t --keyword=_x:1,2c,3t \
	--keyword=esc_html__:1,2t --keyword=esc_html_e:1,2t --keyword=esc_html_x:1,2c,3t \
	--keyword=esc_attr__:1,2t --keyword=esc_attr_e:1,2t --keyword=esc_attr_x:1,2c,3t \
	--keyword=_n:1,2,4t --keyword=_nx:1,2,4c,5t --keyword=_n_noop:1,2,3t --keyword=_nx_noop:1,2,3c,4t \
	--output=languages/tmu-sidecar.pot
# xgettext leaves a template header with placeholders; keep it stable (no creation date churn).
sed -i -e '/^"POT-Creation-Date:/d' -e 's/^"Content-Type: text\/plain; charset=CHARSET\\n"/"Content-Type: text\/plain; charset=UTF-8\\n"/' languages/tmu-sidecar.pot
echo "wrote languages/tmu-sidecar.pot ($(grep -c '^msgid ' languages/tmu-sidecar.pot) strings)"
