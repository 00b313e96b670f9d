#!/bin/sh
# Regenerates wp-plugin/tmu-sidecar/languages/tmu-sidecar.pot from the plugin's PHP and JavaScript files
# with GNU xgettext (Debian package "gettext"; WP-CLI's `wp i18n make-pot` is not needed), using
# WordPress's translation functions as keywords.
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
# The scripts translate with wp.i18n (__, _x, _n, _nx); built bundles are left out (their sources are read).
find . -name '*.js' ! -path './node_modules/*' ! -path '*/build/*' ! -name '*.min.js' | LC_ALL=C sort | xgettext \
	--files-from=- \
	--join-existing \
	--language=JavaScript \
	--from-code=UTF-8 \
	--add-comments=translators: \
	--sort-by-file \
	--no-wrap \
	--keyword=__:1 --keyword=_x:1,2c --keyword=_n:1,2 --keyword=_nx:1,2,4c \
	--output=languages/tmu-sidecar.pot
# Block titles, descriptions and keywords, with the contexts WordPress translates block.json by.
find ./blocks -name block.json | LC_ALL=C sort | php -r '
	$seen = array();
	while ( false !== ( $file = fgets( STDIN ) ) ) {
		$file = trim( $file );
		$meta = json_decode( (string) file_get_contents( $file ), true );
		$strings = array( array( "block title", $meta["title"] ?? "" ), array( "block description", $meta["description"] ?? "" ) );
		foreach ( $meta["keywords"] ?? array() as $keyword ) {
			$strings[] = array( "block keyword", $keyword );
		}
		foreach ( $strings as list( $context, $text ) ) {
			if ( "" === $text || isset( $seen[ $context . "\x04" . $text ] ) ) {
				continue;
			}
			$seen[ $context . "\x04" . $text ] = true;
			printf( "\n#: %s\nmsgctxt %s\nmsgid %s\nmsgstr \"\"\n", substr( $file, 2 ), json_encode( $context ), json_encode( $text, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES ) );
		}
	}
' >> languages/tmu-sidecar.pot
# xgettext leaves a template header with placeholders; keep it stable (no creation date churn).
sed -i -e '/^"POT-Creation-Date:/d' -e 's/^"Content-Type: text\/plain; charset=CHARSET\\n"/"Content-Type: text\/plain; charset=UTF-8\\n"/' languages/tmu-sidecar.pot
echo "wrote languages/tmu-sidecar.pot ($(grep -c '^msgid ' languages/tmu-sidecar.pot) strings)"
