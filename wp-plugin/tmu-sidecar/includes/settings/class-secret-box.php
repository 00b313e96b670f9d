<?php
/**
 * Seals a secret before it is stored in wp_options.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Libsodium secretbox (XSalsa20-Poly1305) with a key hashed from the site's auth salt.
 *
 * The salt lives in wp-config.php (AUTH_KEY, AUTH_SALT), so a copy of the database alone does
 * not open the box. New salts make a sealed value unreadable: the owner enters the key again.
 */
final class Secret_Box {

	/** Marks a sealed value; a stored value without it is plain text from an earlier version. */
	public const PREFIX = 'tmu-sealed:v1:';

	/** Binds the derived key to this one use of the salt. */
	private const CONTEXT = 'tmu-sidecar: TMDb key at rest';

	/**
	 * Whether a stored value is sealed.
	 *
	 * @param string $value Stored value.
	 */
	public static function is_sealed( string $value ): bool {
		return 0 === strpos( $value, self::PREFIX );
	}

	/**
	 * The sealed form of a secret: prefix, then base64url of nonce and ciphertext.
	 *
	 * @param string $plain Secret.
	 */
	public function seal( string $plain ): string {
		$nonce = random_bytes( SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
		$box   = sodium_crypto_secretbox( $plain, $nonce, $this->key() );
		return self::PREFIX . sodium_bin2base64( $nonce . $box, SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING );
	}

	/**
	 * The secret, or null when it was sealed under other salts or was altered.
	 *
	 * @param string $sealed Sealed value.
	 */
	public function open( string $sealed ): ?string {
		if ( ! self::is_sealed( $sealed ) ) {
			return null;
		}
		try {
			$raw = sodium_base642bin( substr( $sealed, strlen( self::PREFIX ) ), SODIUM_BASE64_VARIANT_URLSAFE_NO_PADDING );
		} catch ( \SodiumException $e ) {
			return null;
		}
		if ( strlen( $raw ) <= SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ) {
			return null;
		}
		$plain = sodium_crypto_secretbox_open(
			substr( $raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
			substr( $raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
			$this->key()
		);
		return false === $plain ? null : $plain;
	}

	/**
	 * 32 bytes hashed from the auth salt (AUTH_KEY . AUTH_SALT from wp-config.php).
	 */
	private function key(): string {
		return sodium_crypto_generichash( self::CONTEXT . "\0" . wp_salt( 'auth' ), '', SODIUM_CRYPTO_SECRETBOX_KEYBYTES );
	}
}
