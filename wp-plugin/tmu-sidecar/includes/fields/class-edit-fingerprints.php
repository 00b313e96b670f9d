<?php
/**
 * Which fields an editor changed since the last sync, read where the sidecar keeps them.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The sidecar remembers, per object and field, the fingerprint of what its last sync wrote
 * ({prefix}tmu_sync_fingerprints). A field whose stored value no longer has that fingerprint was
 * edited by hand: the sync keeps it and stores TMDb's current value next to it (tmdb_value).
 * See docs/editing.md.
 */
final class Edit_Fingerprints {

	/** Text that JavaScript's Number() reads as a number and the sidecar compares by value. */
	private const NUMERIC = '/^-?\d+(\.\d+)?$/D';

	/**
	 * Database.
	 *
	 * @var \wpdb
	 */
	private \wpdb $db;

	/**
	 * The fingerprints table.
	 *
	 * @var string
	 */
	private string $table;

	/**
	 * Constructor.
	 *
	 * @param \wpdb $db Database.
	 */
	public function __construct( \wpdb $db ) {
		$this->db    = $db;
		$this->table = $db->prefix . 'tmu_sync_fingerprints';
	}

	/**
	 * The fingerprint of a stored column value, byte-identical to the sidecar's: sha256 hex (40
	 * characters) of its text, where null is '', numbers and numeric strings are compared by value
	 * (JavaScript's String(Number(v)): '8.40' and 8.4 are '8.4') and dates are ISO 8601 in UTC.
	 *
	 * @param mixed $value Value as read from the column (or as about to be written).
	 */
	public static function of( $value ): string {
		if ( is_string( $value ) ) {
			$trimmed = Column_Codec::js_trim( $value );
			$text    = 1 === preg_match( self::NUMERIC, $trimmed ) ? Column_Codec::js_number( (float) $trimmed ) : $value;
		} else {
			$text = self::js_string( $value );
		}
		return substr( hash( 'sha256', $text ), 0, 40 );
	}

	/**
	 * Every fingerprint of an object.
	 *
	 * @param string $object_type Object type ('movie', 'tv', 'season', 'movie:post', …).
	 * @param int    $object_id   Post ID.
	 * @return array<string, array{hash: string, tmdb_value: ?string}>
	 */
	public function for_object( string $object_type, int $object_id ): array {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the sidecar's table (its name is the prefix and a constant); it changes with every sync, so no cache.
		$rows = $this->db->get_results(
			$this->db->prepare( "SELECT field, hash, tmdb_value FROM {$this->table} WHERE object_type = %s AND object_id = %d", $object_type, $object_id ),
			ARRAY_A
		);
		$out = array();
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			$out[ (string) $row['field'] ] = array(
				'hash'       => (string) $row['hash'],
				'tmdb_value' => null === $row['tmdb_value'] ? null : (string) $row['tmdb_value'],
			);
		}
		return $out;
	}

	/**
	 * The fields of $current_row an editor changed since the last sync, with TMDb's value when known.
	 *
	 * @param string               $object_type Object type.
	 * @param int                  $object_id   Post ID.
	 * @param array<string, mixed> $current_row Column => value as stored now (post fields: 'title', 'content').
	 * @return array<string, ?string>
	 */
	public function edited_fields( string $object_type, int $object_id, array $current_row ): array {
		$edited = array();
		foreach ( $this->for_object( $object_type, $object_id ) as $field => $print ) {
			if ( array_key_exists( $field, $current_row ) && self::of( $current_row[ $field ] ) !== $print['hash'] ) {
				$edited[ $field ] = $print['tmdb_value'];
			}
		}
		return $edited;
	}

	/**
	 * Call before writing an editor's value: when the old value is what the last sync wrote, it is
	 * TMDb's value and is kept as tmdb_value. A field no sync wrote yet gets the old value's
	 * fingerprint, so the next sync sees the change as an edit. The hash itself is left alone.
	 *
	 * @param string $object_type Object type.
	 * @param int    $object_id   Post ID.
	 * @param string $field       Column (or 'title' / 'content').
	 * @param mixed  $old_value   The value stored before this edit.
	 */
	public function record_edit( string $object_type, int $object_id, string $field, $old_value ): void {
		$prints = $this->for_object( $object_type, $object_id );
		$old    = self::bytes( $old_value );
		if ( ! isset( $prints[ $field ] ) ) {
			// A field no sync wrote: TMDb's value (if any) is the old one; an empty old value is none.
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the sidecar's table.
			$this->db->insert(
				$this->table,
				array(
					'object_type' => $object_type,
					'object_id'   => $object_id,
					'field'       => $field,
					'hash'        => self::of( $old_value ),
					'tmdb_value'  => '' === $old ? null : $old,
					'updated_at'  => gmdate( 'Y-m-d H:i:s' ),
				),
				array( '%s', '%d', '%s', '%s', '%s', '%s' )
			);
			return;
		}
		if ( self::of( $old_value ) === $prints[ $field ]['hash'] ) {
			$this->set_tmdb_value( $object_type, $object_id, $field, $old );
		}
	}

	/**
	 * "Use TMDb's value": the bytes to write back into the column (null when TMDb's value is not
	 * known). Afterwards the field reads as not edited and the next sync refreshes it; a field whose
	 * TMDb value is unknown loses its fingerprint, so the next sync writes it as a new field.
	 *
	 * @param string $object_type Object type.
	 * @param int    $object_id   Post ID.
	 * @param string $field       Column (or 'title' / 'content').
	 */
	public function accept_tmdb( string $object_type, int $object_id, string $field ): ?string {
		$prints = $this->for_object( $object_type, $object_id );
		if ( ! isset( $prints[ $field ] ) ) {
			return null;
		}
		$value = $prints[ $field ]['tmdb_value'];
		$where = array(
			'object_type' => $object_type,
			'object_id'   => $object_id,
			'field'       => $field,
		);
		if ( null === $value ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the sidecar's table.
			$this->db->delete( $this->table, $where, array( '%s', '%d', '%s' ) );
			return null;
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the sidecar's table.
		$this->db->update(
			$this->table,
			array(
				'hash'       => self::of( $value ),
				'tmdb_value' => null,
				'updated_at' => gmdate( 'Y-m-d H:i:s' ),
			),
			$where,
			array( '%s', '%s', '%s' ),
			array( '%s', '%d', '%s' )
		);
		return $value;
	}

	/**
	 * Sets (or clears) a field's tmdb_value.
	 *
	 * @param string      $object_type Object type.
	 * @param int         $object_id   Post ID.
	 * @param string      $field       Field.
	 * @param string|null $value       Bytes, or null.
	 */
	private function set_tmdb_value( string $object_type, int $object_id, string $field, ?string $value ): void {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the sidecar's table.
		$this->db->update(
			$this->table,
			array(
				'tmdb_value' => $value,
				'updated_at' => gmdate( 'Y-m-d H:i:s' ),
			),
			array(
				'object_type' => $object_type,
				'object_id'   => $object_id,
				'field'       => $field,
			),
			array( '%s', '%s' ),
			array( '%s', '%d', '%s' )
		);
	}

	/**
	 * A value as column bytes (what the database holds for it): null stays null.
	 *
	 * @param mixed $value Value.
	 */
	private static function bytes( $value ): ?string {
		if ( null === $value ) {
			return null;
		}
		if ( is_bool( $value ) ) {
			return $value ? '1' : '0';
		}
		return is_string( $value ) ? $value : self::js_string( $value );
	}

	/**
	 * JavaScript's String(value) for what a column or a form can hold.
	 *
	 * @param mixed $value Value.
	 */
	private static function js_string( $value ): string {
		if ( null === $value ) {
			return '';
		}
		if ( is_bool( $value ) ) {
			return $value ? 'true' : 'false';
		}
		if ( is_int( $value ) ) {
			return abs( $value ) <= 9007199254740992 ? (string) $value : Column_Codec::js_number( (float) $value );
		}
		if ( is_float( $value ) ) {
			return Column_Codec::js_number( $value );
		}
		if ( $value instanceof \DateTimeInterface ) {
			return \DateTimeImmutable::createFromInterface( $value )->setTimezone( new \DateTimeZone( 'UTC' ) )->format( 'Y-m-d\TH:i:s.v\Z' );
		}
		if ( is_array( $value ) ) {
			if ( array_values( $value ) !== $value ) {
				return '[object Object]';
			}
			// Array.prototype.join: null items are empty.
			return implode( ',', array_map( array( self::class, 'js_string' ), $value ) );
		}
		if ( is_object( $value ) ) {
			return method_exists( $value, '__toString' ) ? (string) $value : '[object Object]';
		}
		return (string) $value;
	}
}
