<?php
/**
 * What an editor typed → the bytes the sidecar would write, or why it cannot be stored.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use InvalidArgumentException;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Sanitises and validates one posted field and encodes it as the sidecar does: text with HTML
 * entities, empty text as NULL, lists through Column_Codec in the site's column format.
 */
final class Field_Input {

	/** Largest value a bigint column takes. */
	private const MAX_NUMBER = PHP_INT_MAX;

	/** What a TEXT column holds, in bytes. */
	private const MAX_TEXT = 65535;

	/**
	 * The bytes to store for a posted value.
	 *
	 * @param array<string, mixed> $field  Field definition.
	 * @param mixed                $raw    Posted value (unslashed).
	 * @param string               $format Column format, 'php' or 'json'.
	 * @return string|null Bytes, null for NULL.
	 * @throws InvalidArgumentException With a message for the editor when the value cannot be stored.
	 */
	public static function to_bytes( array $field, $raw, string $format ): ?string {
		$kind = (string) $field['kind'];
		switch ( $kind ) {
			case 'group':
				return Column_Codec::encode( self::group( $field, is_array( $raw ) ? $raw : array() ), $format );
			case 'ids':
				return Column_Codec::encode( self::ids( (string) $field['post_type'], is_array( $raw ) ? $raw : array() ), $format );
			case 'object':
				$entries = self::group( $field, array( is_array( $raw ) ? $raw : array() ) );
				return array() === $entries ? null : Column_Codec::encode( array_filter( $entries[0], 'strlen' ), $format );
			case 'credits':
				return Column_Codec::encode( self::credits( is_array( $raw ) ? $raw : array() ), $format );
			case 'rows':
				// A title's link rows: an empty department or job is NULL, as the sidecar writes it.
				$rows = array_map( fn( array $entry ): array => array_map( fn( $v ) => '' === $v ? null : $v, $entry ), self::group( $field, is_array( $raw ) ? $raw : array() ) );
				return Credits_Writer::rows_text( (string) $field['part'], $rows );
			case 'names':
				$names = array_values( array_filter( array_map( 'trim', explode( ',', self::text( $raw ) ) ), 'strlen' ) );
				$names = array_map( array( Field_Values::class, 'encode_text' ), $names );
				return 'php' === $format ? implode( ', ', $names ) : Column_Codec::encode( array_map( fn( $name ) => array( 'name' => $name ), $names ), $format );
			case 'profession':
				$text = Field_Values::encode_text( self::text( $raw ) );
				return 'php' === $format ? $text : Column_Codec::encode( '' === $text ? array() : array( $text ), $format );
			case 'finished':
				$choice = self::text( $raw );
				if ( '' === $choice ) {
					return null;
				}
				if ( ! in_array( $choice, array( 'yes', 'no' ), true ) ) {
					throw new InvalidArgumentException( __( 'Pick Yes or No.', 'tmu-sidecar' ) );
				}
				return 'php' === $format ? ( 'yes' === $choice ? '1' : '0' ) : ( 'yes' === $choice ? 'Yes' : 'No' );
		}
		$value = self::scalar( $field, $raw );
		return '' === $value ? null : $value;
	}

	/**
	 * Legacy clean_job_string($department).'_job', as the sidecar's crewJobKey().
	 *
	 * @param string $department Department as stored.
	 */
	public static function crew_job_key( string $department ): string {
		$cleaned = str_replace( '&', '', trim( $department ) );
		$cleaned = (string) preg_replace( '/[ \t\n\x0B\f\r]+/', ' ', $cleaned );
		$cleaned = strtr( $cleaned, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz' );
		$cleaned = (string) preg_replace( '/\b[ \t\n\x0B\f\r]+\b/', '_', $cleaned );
		$cleaned = trim( trim( $cleaned, '_' ), '\\' );
		return $cleaned . '_job';
	}

	/**
	 * One scalar (text, textarea, url, key, date, number, select, person, post) as stored text; '' for empty.
	 *
	 * @param array<string, mixed> $field Field or sub-field definition.
	 * @param mixed                $raw   Posted value.
	 * @throws InvalidArgumentException When the value cannot be stored.
	 */
	private static function scalar( array $field, $raw ): string {
		$kind = (string) $field['kind'];
		if ( 'textarea' === $kind ) {
			$text = sanitize_textarea_field( is_scalar( $raw ) ? (string) $raw : '' );
			return self::fits( Field_Values::encode_text( trim( $text ) ) );
		}
		$text = self::text( $raw );
		if ( '' === $text ) {
			return '';
		}
		switch ( $kind ) {
			case 'url':
				$url = esc_url_raw( $text, array( 'http', 'https' ) );
				if ( '' === $url || 1 !== preg_match( '#^https?://[^\s]+$#i', $url ) ) {
					throw new InvalidArgumentException( __( 'Enter a link that starts with http:// or https://.', 'tmu-sidecar' ) );
				}
				return self::fits( Field_Values::encode_text( $url ) );
			case 'key':
				if ( 1 !== preg_match( '/^[A-Za-z0-9_-]{1,64}$/', $text ) ) {
					throw new InvalidArgumentException( __( 'Use only letters, digits, "-" and "_".', 'tmu-sidecar' ) );
				}
				return $text;
			case 'date':
				if ( 1 !== preg_match( '/^(\d{4})-(\d{2})-(\d{2})$/', $text, $parts ) || ! checkdate( (int) $parts[2], (int) $parts[3], (int) $parts[1] ) ) {
					throw new InvalidArgumentException( __( 'Enter a date as YYYY-MM-DD.', 'tmu-sidecar' ) );
				}
				return $text;
			case 'number':
				if ( 1 !== preg_match( '/^\d{1,19}$/', $text ) || (float) $text > self::MAX_NUMBER ) {
					throw new InvalidArgumentException( __( 'Enter a whole number of 0 or more.', 'tmu-sidecar' ) );
				}
				return (string) (int) $text;
			case 'select':
				$options = (array) ( $field['options'] ?? array() );
				if ( ! array_key_exists( $text, $options ) && ( $field['current'] ?? null ) !== $text ) {
					throw new InvalidArgumentException( __( 'Pick one of the choices.', 'tmu-sidecar' ) );
				}
				return Field_Values::encode_text( $text );
			case 'person':
			case 'post':
				$type = 'person' === $kind ? 'people' : (string) ( $field['post_type'] ?? '' );
				if ( 1 !== preg_match( '/^\d+$/', $text ) || get_post_type( (int) $text ) !== $type ) {
					if ( 'attachment' === $type ) {
						/* translators: %s: the value entered. */
						throw new InvalidArgumentException( sprintf( __( 'No image %s in the media library: pick one from the search.', 'tmu-sidecar' ), $text ) );
					}
					/* translators: %s: the value entered. */
					throw new InvalidArgumentException( sprintf( __( 'No post %s of that kind: pick one from the search.', 'tmu-sidecar' ), $text ) );
				}
				return (string) (int) $text;
		}
		return self::fits( Field_Values::encode_text( $text ) );
	}

	/**
	 * A group's entries: empty rows dropped, required sub-fields checked, numbers as ints.
	 *
	 * @param array<string, mixed> $field Field definition.
	 * @param array<mixed>         $rows  Posted rows, in the order the editor left them.
	 * @return array<int, array<string, int|string|null>>
	 * @throws InvalidArgumentException When an entry cannot be stored.
	 */
	private static function group( array $field, array $rows ): array {
		$entries = array();
		foreach ( array_values( $rows ) as $index => $row ) {
			if ( ! is_array( $row ) ) {
				continue;
			}
			$entry = array();
			foreach ( (array) $field['sub'] as $key => $sub ) {
				try {
					$entry[ $key ] = self::scalar( $sub, $row[ $key ] ?? '' );
				} catch ( InvalidArgumentException $error ) {
					/* translators: 1: entry number, 2: sub-field label, 3: what is wrong. */
					throw new InvalidArgumentException( sprintf( __( 'Entry %1$d, %2$s: %3$s', 'tmu-sidecar' ), $index + 1, $sub['label'], $error->getMessage() ) );
				}
			}
			if ( '' === implode( '', $entry ) ) {
				continue;
			}
			foreach ( (array) $field['sub'] as $key => $sub ) {
				if ( ! empty( $sub['require'] ) && '' === $entry[ $key ] ) {
					/* translators: 1: entry number, 2: sub-field label. */
					throw new InvalidArgumentException( sprintf( __( 'Entry %1$d needs a %2$s.', 'tmu-sidecar' ), $index + 1, $sub['label'] ) );
				}
				if ( in_array( $sub['kind'], array( 'person', 'post' ), true ) ) {
					$entry[ $key ] = (int) $entry[ $key ];
				} elseif ( 'url' === $sub['kind'] && '' === $entry[ $key ] ) {
					// As the sidecar writes a link it does not have.
					$entry[ $key ] = null;
				}
			}
			$entries[] = $entry;
		}
		return $entries;
	}

	/**
	 * A list of post IDs of one type.
	 *
	 * @param string       $post_type Post type.
	 * @param array<mixed> $rows      Posted IDs.
	 * @return int[]
	 * @throws InvalidArgumentException When an ID is not such a post.
	 */
	private static function ids( string $post_type, array $rows ): array {
		$ids = array();
		foreach ( array_values( $rows ) as $index => $raw ) {
			$id = self::scalar(
				array(
					'kind'      => 'post',
					'post_type' => $post_type,
				),
				$raw
			);
			if ( '' === $id ) {
				continue;
			}
			if ( 'attachment' === $post_type && 0 !== strpos( (string) get_post_mime_type( (int) $id ), 'image/' ) ) {
				// A gallery's templates print each entry as an image (by type: a hot-linked image has no file for wp_attachment_is_image()).
				/* translators: 1: entry number, 2: the attachment ID entered. */
				throw new InvalidArgumentException( sprintf( __( 'Entry %1$d: attachment %2$s is not an image: pick one from the search.', 'tmu-sidecar' ), $index + 1, $id ) );
			}
			$ids[] = (int) $id;
		}
		return $ids;
	}

	/**
	 * An episode's credits group, as the sidecar builds it.
	 *
	 * @param array<string, mixed> $raw Posted cast and crew rows.
	 * @return array{cast: array<int, array<string, int|string>>, crew: array<int, array<string, int|string>>}
	 */
	private static function credits( array $raw ): array {
		$person = array(
			'kind'    => 'person',
			'label'   => __( 'Person', 'tmu-sidecar' ),
			'require' => true,
		);
		$text   = fn( string $label ): array => array(
			'kind'  => 'text',
			'label' => $label,
		);
		$cast   = self::group( array( 'sub' => array( 'person' => $person, 'character' => $text( __( 'Character', 'tmu-sidecar' ) ) ) ), (array) ( $raw['cast'] ?? array() ) );
		$crew   = self::group(
			array(
				'sub' => array(
					'person'     => $person,
					'department' => $text( __( 'Department', 'tmu-sidecar' ) ),
					'job'        => $text( __( 'Job', 'tmu-sidecar' ) ),
				),
			),
			(array) ( $raw['crew'] ?? array() )
		);
		$out    = array(
			'cast' => array(),
			'crew' => array(),
		);
		foreach ( $cast as $entry ) {
			$out['cast'][] = array(
				'person'     => $entry['person'],
				'department' => 'Acting',
				'acting_job' => $entry['character'],
			);
		}
		foreach ( $crew as $entry ) {
			$department    = '' !== $entry['department'] ? (string) $entry['department'] : 'Crew';
			$out['crew'][] = array(
				'person'                            => $entry['person'],
				'department'                        => $department,
				self::crew_job_key( $department ) => $entry['job'],
			);
		}
		return $out;
	}

	/**
	 * A posted scalar as one line of plain text.
	 *
	 * @param mixed $raw Posted value.
	 */
	private static function text( $raw ): string {
		return trim( sanitize_text_field( is_scalar( $raw ) ? (string) $raw : '' ) );
	}

	/**
	 * Text that fits a TEXT column.
	 *
	 * @param string $text Stored text.
	 * @throws InvalidArgumentException When it is too long.
	 */
	private static function fits( string $text ): string {
		if ( strlen( $text ) > self::MAX_TEXT ) {
			throw new InvalidArgumentException( __( 'This text is too long to store.', 'tmu-sidecar' ) );
		}
		return $text;
	}
}
