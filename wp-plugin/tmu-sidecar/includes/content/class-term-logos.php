<?php
/**
 * The term meta `logo` of network and channel terms.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Registers `logo` (an attachment ID, as the legacy TMU importer stored a network's
 * logo) on the network and channel taxonomies, writable over REST so the sidecar
 * can set it after uploading the logo once.
 */
final class Term_Logos {

	public const META_KEY = 'logo';

	public const TAXONOMIES = array( 'network', 'channel' );

	/**
	 * Registers the meta (init, after the taxonomies exist).
	 */
	public function register(): void {
		foreach ( self::TAXONOMIES as $taxonomy ) {
			register_term_meta(
				$taxonomy,
				self::META_KEY,
				array(
					'type'              => 'integer',
					'single'            => true,
					'show_in_rest'      => true,
					'default'           => 0,
					'description'       => __( 'The attachment ID of this network or channel logo.', 'tmu-sidecar' ),
					'sanitize_callback' => array( $this, 'sanitize_attachment_id' ),
					'auth_callback'     => array( $this, 'can_edit_term' ),
				)
			);
		}
	}

	/**
	 * Keeps a non-negative integer.
	 *
	 * @param mixed $value Raw value.
	 */
	public function sanitize_attachment_id( $value ): int {
		return is_numeric( $value ) ? max( 0, (int) $value ) : 0;
	}

	/**
	 * Meta auth callback: the user can edit the term.
	 *
	 * @param bool   $allowed   Whether allowed so far.
	 * @param string $meta_key  Meta key.
	 * @param int    $object_id Term ID.
	 * @param int    $user_id   User ID.
	 */
	public function can_edit_term( $allowed, $meta_key, $object_id, $user_id = 0 ): bool {
		return user_can( (int) $user_id, 'edit_term', (int) $object_id );
	}
}
