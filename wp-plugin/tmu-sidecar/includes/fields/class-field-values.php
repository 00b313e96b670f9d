<?php
/**
 * Stored column bytes → what the fields box shows.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Reads a column as the sidecar wrote it (either format; text stored with HTML entities, as the
 * sidecar writes TMDb text) into plain form values, and sums a value up in words for the
 * "TMDb now says" mark.
 */
final class Field_Values {

	/** The entities the sidecar writes for HTML's special characters. */
	private const ENTITIES = array(
		'&' => '&amp;',
		'<' => '&lt;',
		'>' => '&gt;',
		'"' => '&quot;',
		"'" => '&#039;',
	);

	/**
	 * Text as the sidecar stores it: &, <, >, " and ' as entities (every `&`, as the sidecar does).
	 *
	 * @param string $text Plain text.
	 */
	public static function encode_text( string $text ): string {
		return strtr( $text, self::ENTITIES );
	}

	/**
	 * The plain text of a stored text.
	 *
	 * @param string $text Stored text.
	 */
	public static function decode_text( string $text ): string {
		return strtr( $text, array_flip( self::ENTITIES ) );
	}

	/**
	 * A column's value as the box's inputs take it: a string for a scalar, a list of entries
	 * (arrays of strings) for a group, a list of IDs for ids, array{cast, crew} for credits.
	 *
	 * @param array<string, mixed> $field Field definition.
	 * @param string|null          $bytes Stored bytes.
	 * @return mixed
	 */
	public static function form_value( array $field, ?string $bytes ) {
		$kind = (string) $field['kind'];
		switch ( $kind ) {
			case 'names':
				return implode( ', ', self::name_list( $bytes ) );
			case 'profession':
				$list = self::decoded( $bytes );
				return self::decode_text( is_array( $list ) ? implode( ', ', array_map( 'strval', $list ) ) : (string) $bytes );
			case 'finished':
				if ( null === $bytes || '' === $bytes ) {
					return '';
				}
				return in_array( $bytes, array( '1', 'Yes' ), true ) ? 'yes' : 'no';
			case 'group':
			case 'rows':
				return self::entries( $field, self::decoded( $bytes ) );
			case 'ids':
				$list = self::decoded( $bytes );
				return is_array( $list ) ? array_values( array_filter( array_map( 'intval', $list ) ) ) : array();
			case 'object':
				$entries = self::entries( $field, array( self::decoded( $bytes ) ) );
				return $entries[0] ?? array();
			case 'credits':
				return self::credits( self::decoded( $bytes ) );
		}
		return self::decode_text( (string) $bytes );
	}

	/**
	 * A value in words, for "Edited; TMDb now says: …" (plain text: escape it when printing).
	 *
	 * @param array<string, mixed> $field Field definition.
	 * @param string|null          $bytes Stored bytes.
	 */
	public static function summary( array $field, ?string $bytes ): string {
		$value = self::form_value( $field, $bytes );
		switch ( (string) $field['kind'] ) {
			case 'finished':
				return 'yes' === $value ? __( 'Yes', 'tmu-sidecar' ) : ( 'no' === $value ? __( 'No', 'tmu-sidecar' ) : '' );
			case 'rows':
				/* translators: 1: number of rows, 2: the first of them. */
				return sprintf( _n( '%1$d entry: %2$s', '%1$d entries, first: %2$s', count( $value ), 'tmu-sidecar' ), count( $value ), self::summary( array_merge( $field, array( 'kind' => 'group' ) ), Column_Codec::encode( array_slice( $value, 0, 3 ), 'json' ) ) );
			case 'group':
				$parts = array();
				foreach ( $value as $entry ) {
					$words = array();
					foreach ( (array) ( $field['summary'] ?? array() ) as $key ) {
						$words[] = 'person' === ( $field['sub'][ $key ]['kind'] ?? '' ) ? self::post_title( (int) $entry[ $key ] ) : (string) $entry[ $key ];
					}
					$parts[] = implode( ' – ', array_filter( $words, 'strlen' ) );
				}
				return implode( '; ', $parts );
			case 'ids':
				return implode( '; ', array_map( array( self::class, 'post_title' ), $value ) );
			case 'object':
				return implode( ' – ', array_filter( array_map( 'strval', $value ), 'strlen' ) );
			case 'credits':
				/* translators: 1: number of cast entries, 2: number of crew entries. */
				return sprintf( __( '%1$d cast, %2$d crew', 'tmu-sidecar' ), count( $value['cast'] ), count( $value['crew'] ) );
		}
		return (string) $value;
	}

	/**
	 * Plain text for HTML, in an attribute or an element: every `&` encoded, so that text holding an
	 * entity's letters (`Tom &amp; Jerry`) shows and posts back as it is (esc_attr() and esc_html()
	 * leave an entity alone, and the browser would turn it into its character).
	 *
	 * @param string $text Plain text.
	 */
	public static function html( string $text ): string {
		return htmlspecialchars( $text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8' );
	}

	/**
	 * A post's title as plain text, or "#ID" when it has none. Markup is stripped before the entities
	 * are read, so a synced title's encoded words (`&lt;b&gt;`) stay words.
	 *
	 * @param int $post_id Post ID.
	 */
	public static function post_title( int $post_id ): string {
		$title = trim( html_entity_decode( wp_strip_all_tags( (string) get_post_field( 'post_title', $post_id, 'raw' ) ), ENT_QUOTES | ENT_HTML5, 'UTF-8' ) );
		return '' !== $title ? $title : '#' . $post_id;
	}

	/**
	 * The decoded column, or null when it cannot be read.
	 *
	 * @param string|null $bytes Stored bytes.
	 * @return mixed
	 */
	public static function decoded( ?string $bytes ) {
		try {
			return Column_Codec::decode( $bytes );
		} catch ( \Throwable $error ) {
			// A column no reader can decode shows as empty; saving the box rewrites it.
			return null;
		}
	}

	/**
	 * The names of a name list: a comma list (php), or [{"name"}] / a list of names (json).
	 *
	 * @param string|null $bytes Stored bytes.
	 * @return string[]
	 */
	private static function name_list( ?string $bytes ): array {
		$list = null === $bytes ? null : self::decoded( $bytes );
		if ( ! is_array( $list ) ) {
			$text = null === $bytes ? '' : $bytes;
			return array_values( array_filter( array_map( 'trim', explode( ',', self::decode_text( $text ) ) ), 'strlen' ) );
		}
		$names = array();
		foreach ( $list as $item ) {
			$name = is_array( $item ) ? ( $item['name'] ?? '' ) : $item;
			if ( is_scalar( $name ) && '' !== (string) $name ) {
				$names[] = self::decode_text( (string) $name );
			}
		}
		return $names;
	}

	/**
	 * A group's entries as strings per sub-field, in the definition's order.
	 *
	 * @param array<string, mixed> $field Field definition.
	 * @param mixed                $list  Decoded column.
	 * @return array<int, array<string, string>>
	 */
	private static function entries( array $field, $list ): array {
		$entries = array();
		foreach ( is_array( $list ) ? $list : array() as $item ) {
			if ( ! is_array( $item ) ) {
				continue;
			}
			$entry = array();
			foreach ( (array) $field['sub'] as $key => $sub ) {
				$value         = $item[ $key ] ?? '';
				$entry[ $key ] = is_scalar( $value ) ? self::decode_text( (string) $value ) : '';
			}
			$entries[] = $entry;
		}
		return $entries;
	}

	/**
	 * An episode's credits group: cast (person, character) and crew (person, department, job).
	 *
	 * @param mixed $group Decoded column.
	 * @return array{cast: array<int, array<string, string>>, crew: array<int, array<string, string>>}
	 */
	private static function credits( $group ): array {
		$out = array(
			'cast' => array(),
			'crew' => array(),
		);
		if ( ! is_array( $group ) ) {
			return $out;
		}
		foreach ( is_array( $group['cast'] ?? null ) ? $group['cast'] : array() as $item ) {
			if ( is_array( $item ) ) {
				$out['cast'][] = array(
					'person'    => (string) (int) ( $item['person'] ?? 0 ),
					'character' => self::decode_text( (string) ( $item['acting_job'] ?? '' ) ),
				);
			}
		}
		foreach ( is_array( $group['crew'] ?? null ) ? $group['crew'] : array() as $item ) {
			if ( is_array( $item ) ) {
				$department    = (string) ( $item['department'] ?? '' );
				$out['crew'][] = array(
					'person'     => (string) (int) ( $item['person'] ?? 0 ),
					'department' => self::decode_text( $department ),
					'job'        => self::decode_text( (string) ( $item[ Field_Input::crew_job_key( self::decode_text( $department ) ) ] ?? $item[ Field_Input::crew_job_key( $department ) ] ?? '' ) ),
				);
			}
		}
		return $out;
	}
}
