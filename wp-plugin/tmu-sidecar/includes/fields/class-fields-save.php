<?php
/**
 * Saves the fields box: the editor's values into the tmu_* row, marked as edited.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use InvalidArgumentException;
use WP_Post;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * On save_post (before the auto-sync of a save): checks the nonce and edit_post, turns each posted
 * field into the bytes the sidecar would write, and writes only the fields whose value changed,
 * each after Edit_Fingerprints::record_edit() so that the next sync keeps it. A value that cannot be
 * stored is not written; its error is shown next to the field on the next load.
 */
final class Fields_Save {

	public const NONCE_ACTION = 'tmu_fields_save';
	public const NONCE_NAME   = 'tmu_fields_nonce';
	public const INPUT        = 'tmu_fields';
	public const COMPLETE     = '_complete';
	public const TOKEN_ARG    = 'tmu_fields_saved';

	/** How long an error waits for the editor's next load. */
	private const ERROR_TTL = 10 * MINUTE_IN_SECONDS;

	/**
	 * Row access.
	 *
	 * @var Fields_Store
	 */
	private Fields_Store $store;

	/**
	 * Post ID => token of this request's save that refused a field.
	 *
	 * @var array<int, string>
	 */
	private array $tokens = array();

	/**
	 * Constructor.
	 *
	 * @param Fields_Store $store Row access.
	 */
	public function __construct( Fields_Store $store ) {
		$this->store = $store;
	}

	/**
	 * Saves the posted fields (save_post).
	 *
	 * @param int|string   $post_id Post ID.
	 * @param WP_Post|null $post    Post.
	 */
	public function save( $post_id, $post = null ): void {
		if ( ! $post instanceof WP_Post ) {
			return;
		}
		$definition = Field_Definitions::for_post_type( $post->post_type );
		if ( null === $definition || ( defined( 'DOING_AUTOSAVE' ) && DOING_AUTOSAVE ) || wp_is_post_revision( $post ) || wp_is_post_autosave( $post ) ) {
			return;
		}
		if ( ! current_user_can( 'edit_post', $post->ID ) ) {
			return;
		}
		if ( ! isset( $_POST[ self::NONCE_NAME ] ) || ! wp_verify_nonce( sanitize_key( wp_unslash( $_POST[ self::NONCE_NAME ] ) ), self::NONCE_ACTION . '_' . $post->ID ) ) {
			return;
		}
		// phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- each value is sanitised and validated per field by Field_Input.
		$posted = isset( $_POST[ self::INPUT ] ) && is_array( $_POST[ self::INPUT ] ) ? wp_unslash( $_POST[ self::INPUT ] ) : array();
		if ( ! isset( $posted[ self::COMPLETE ] ) ) {
			// PHP dropped the end of the form (max_input_vars): saving a cut list would lose entries.
			$errors = array( '_row' => __( 'The fields were not saved: the form has more inputs than PHP\'s max_input_vars accepts. Raise max_input_vars, or save fewer cast and crew entries.', 'tmu-sidecar' ) );
		} else {
			$errors = $this->apply( $definition, $post->ID, $posted );
		}
		// A new save replaces what an earlier one refused.
		delete_transient( self::error_key( $post->ID ) );
		if ( array() === $errors ) {
			return;
		}
		// What was typed into a refused one-line field comes back in it, to be corrected.
		$typed = array();
		foreach ( array_keys( $errors ) as $key ) {
			if ( isset( $posted[ $key ] ) && is_scalar( $posted[ $key ] ) ) {
				$typed[ $key ] = sanitize_text_field( (string) $posted[ $key ] );
			}
		}
		// The redirect after the save names this save, so the page it leads to shows its errors even
		// when another load of the editor (a second tab, a repeated request) came first.
		$token = wp_generate_uuid4();
		set_transient(
			self::error_key( $post->ID ),
			array(
				'errors' => $errors,
				'typed'  => $typed,
				'token'  => $token,
			),
			self::ERROR_TTL
		);
		$this->tokens[ $post->ID ] = $token;
	}

	/**
	 * Names the save in the address it redirects to (redirect_post_location), when it refused a field.
	 *
	 * @param string     $location Redirect address.
	 * @param int|string $post_id  Post ID.
	 */
	public function redirect_location( $location, $post_id ): string {
		$token = $this->tokens[ (int) $post_id ] ?? '';
		return '' === $token ? (string) $location : add_query_arg( self::TOKEN_ARG, $token, (string) $location );
	}

	/**
	 * The save token is for the page the save redirects to: the address bar drops it (removable_query_args).
	 *
	 * @param string[] $args Removable query args.
	 * @return string[]
	 */
	public static function removable_query_args( array $args ): array {
		$args[] = self::TOKEN_ARG;
		return $args;
	}

	/**
	 * Writes the changed fields of a row; returns field => error for those that could not be stored.
	 *
	 * @param array<string, mixed> $definition Field_Definitions::for_post_type().
	 * @param int                  $post_id    Post ID.
	 * @param array<string, mixed> $posted     Field => posted value (unslashed).
	 * @return array<string, string>
	 */
	public function apply( array $definition, int $post_id, array $posted ): array {
		$row    = $this->store->read( $definition, $post_id );
		$format = Column_Codec::site_format();
		$errors = array();
		$writes = array();
		foreach ( $definition['fields'] as $key => $field ) {
			if ( ! array_key_exists( $key, $posted ) ) {
				continue;
			}
			$old = null === $row ? null : ( $row[ $key ] ?? null );
			if ( 'rows' === $field['kind'] && is_string( $posted[ $key ] ) && '' !== $posted[ $key ] ) {
				// The box's script posts a long list as one JSON value.
				$list = json_decode( $posted[ $key ], true );
				if ( ! is_array( $list ) ) {
					$errors[ $key ] = __( 'The list could not be read: reload the page and try again.', 'tmu-sidecar' );
					continue;
				}
				$posted[ $key ] = $list;
			}
			if ( self::untouched( $posted[ $key ], Field_Values::form_value( $field, $old ) ) ) {
				// Untouched: a stored value the box would not accept (a legacy '1999' date, a character with two spaces) stays as it is.
				continue;
			}
			if ( 'select' === $field['kind'] && null !== $old ) {
				// A value a sync stored outside the usual choices stays a choice.
				$field['current'] = Field_Values::decode_text( $old );
			}
			try {
				$bytes = Field_Input::to_bytes( $field, $posted[ $key ], $format );
			} catch ( InvalidArgumentException $error ) {
				$errors[ $key ] = $error->getMessage();
				continue;
			}
			if ( ! $this->changed( $field, $old, $bytes, $format ) ) {
				continue;
			}
			$writes[ $key ] = array( $old, $bytes );
		}
		if ( array() === $writes ) {
			return $errors;
		}
		$prints = new Edit_Fingerprints( $GLOBALS['wpdb'] );
		foreach ( $writes as $key => list( $old ) ) {
			$prints->record_edit( (string) $definition['object_type'], $post_id, $key, $old );
		}
		if ( ! $this->store->write( $definition, $post_id, array_map( fn( array $w ) => $w[1], $writes ) ) ) {
			$errors['_row'] = __( 'The fields were not saved: this item has no row yet. Run "Sync now" on its title first.', 'tmu-sidecar' );
		}
		return $errors;
	}

	/**
	 * The errors of the last save for this user and post, and what was typed into the refused
	 * fields: on the page the save led to, or once on any other load.
	 *
	 * @param int $post_id Post ID.
	 * @return array{errors: array<string, string>, typed: array<string, string>}
	 */
	public static function take_errors( int $post_id ): array {
		$stored = get_transient( self::error_key( $post_id ) );
		$out    = array(
			'errors' => array(),
			'typed'  => array(),
		);
		if ( ! is_array( $stored ) ) {
			return $out;
		}
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a display token, compared only; nothing is changed.
		$token = isset( $_GET[ self::TOKEN_ARG ] ) ? sanitize_key( wp_unslash( $_GET[ self::TOKEN_ARG ] ) ) : '';
		if ( '' !== $token ) {
			// The page a save led to: its own errors, kept until they expire or the next save, so a
			// repeated load of that page shows them again; a page another save led to shows none.
			if ( ! hash_equals( (string) ( $stored['token'] ?? '' ), $token ) ) {
				return $out;
			}
			if ( empty( $stored['shown'] ) ) {
				$stored['shown'] = true;
				set_transient( self::error_key( $post_id ), $stored, self::ERROR_TTL );
			}
		} else {
			// Any other load of the editor: once, unless the page the save led to showed them (the
			// block editor saves without a redirect, so its next load shows them).
			delete_transient( self::error_key( $post_id ) );
			if ( ! empty( $stored['shown'] ) ) {
				return $out;
			}
		}
		foreach ( array_keys( $out ) as $part ) {
			$out[ $part ] = is_array( $stored ) && is_array( $stored[ $part ] ?? null ) ? array_map( 'strval', $stored[ $part ] ) : array();
		}
		return $out;
	}

	/**
	 * Whether the new bytes mean another value than the stored ones. The stored value is read and
	 * re-encoded the box's way first, so an untouched field whose bytes the sidecar wrote slightly
	 * differently (e.g. IDs as numeric strings) does not count as an edit.
	 *
	 * @param array<string, mixed> $field  Field definition.
	 * @param string|null          $old    Stored bytes.
	 * @param string|null          $bytes  New bytes.
	 * @param string               $format Column format.
	 */
	private function changed( array $field, ?string $old, ?string $bytes, string $format ): bool {
		if ( Edit_Fingerprints::of( $old ) === Edit_Fingerprints::of( $bytes ) ) {
			return false;
		}
		if ( null === $old ) {
			return true;
		}
		try {
			$same = Field_Input::to_bytes( $field, self::as_posted( $field, Field_Values::form_value( $field, $old ) ), $format );
		} catch ( InvalidArgumentException $error ) {
			// The stored value is not one the box could write: whatever was posted replaces it.
			return true;
		}
		return Edit_Fingerprints::of( $same ) !== Edit_Fingerprints::of( $bytes );
	}

	/**
	 * Whether a posted value is the form value the box showed, unchanged.
	 *
	 * @param mixed $posted Posted value.
	 * @param mixed $shown  Field_Values::form_value().
	 */
	private static function untouched( $posted, $shown ): bool {
		if ( ! is_array( $shown ) ) {
			return is_scalar( $posted ) && (string) $posted === (string) $shown;
		}
		if ( ! is_array( $posted ) || ! array_is_list( $shown ) ) {
			// No entries posted is the hidden input alone ('').
			return '' === $posted && array() === $shown;
		}
		$strings = fn( $entry ) => is_array( $entry ) ? array_map( fn( $v ) => is_scalar( $v ) ? (string) $v : '', $entry ) : (string) $entry;
		return array_map( $strings, array_values( $posted ) ) === array_map( $strings, $shown );
	}

	/**
	 * A form value as the browser would post it back.
	 *
	 * @param array<string, mixed> $field Field definition.
	 * @param mixed                $value Field_Values::form_value().
	 * @return mixed
	 */
	private static function as_posted( array $field, $value ) {
		return 'ids' === $field['kind'] ? array_map( 'strval', (array) $value ) : $value;
	}

	/**
	 * Transient key of a user's errors for a post.
	 *
	 * @param int $post_id Post ID.
	 */
	private static function error_key( int $post_id ): string {
		return 'tmu_fields_errors_' . get_current_user_id() . '_' . $post_id;
	}
}
