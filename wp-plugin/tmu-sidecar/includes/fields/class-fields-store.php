<?php
/**
 * Reads and writes the one tmu_* row behind a post's fields box.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The row of a post (ID = post ID) in the table its Field_Definitions name, and the writes the
 * box makes to it: an editor's value after Edit_Fingerprints::record_edit(), TMDb's value after
 * Edit_Fingerprints::accept_tmdb().
 */
final class Fields_Store {

	/** Our column => the newer theme's columns of the same meaning (as the sidecar's theme aliases). */
	private const THEME_TWINS = array(
		'season_name'    => array( 'name' ),
		'total_episodes' => array( 'episode_count' ),
		'episode_title'  => array( 'name', 'title' ),
	);

	/**
	 * The row's editable columns, or null when the table or the row does not exist.
	 *
	 * @param array<string, mixed> $definition Field_Definitions::for_post_type().
	 * @param int                  $post_id    Post ID.
	 * @return array<string, string|null>|null
	 */
	public function read( array $definition, int $post_id ): ?array {
		global $wpdb;
		$table = $wpdb->prefix . $definition['table'];
		if ( ! List_Tables::table_exists( $table ) ) {
			return null;
		}
		$links   = self::link_fields( $definition );
		$columns = implode( ', ', array_map( fn( string $c ): string => "`{$c}`", array_keys( array_diff_key( $definition['fields'], $links ) ) ) );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table and columns from Field_Definitions; one row on one screen.
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT {$columns} FROM `{$table}` WHERE ID = %d", $post_id ), ARRAY_A );
		if ( ! is_array( $row ) ) {
			return null;
		}
		$row     = array_map( fn( $value ) => null === $value ? null : (string) $value, $row );
		$credits = new Credits_Writer( $wpdb );
		foreach ( $links as $key => $field ) {
			// The link rows as one value: the text the sidecar fingerprints them by.
			$part        = (string) $field['part'];
			$row[ $key ] = Credits_Writer::rows_text( $part, $credits->read_rows( (string) get_post_type( $post_id ), $post_id, $part ) );
		}
		return $row;
	}

	/**
	 * The fields of a definition that are a title's cast or crew link rows rather than columns.
	 *
	 * @param array<string, mixed> $definition Field_Definitions::for_post_type().
	 * @return array<string, array<string, mixed>>
	 */
	public static function link_fields( array $definition ): array {
		return array_filter( $definition['fields'], fn( array $field ): bool => 'rows' === $field['kind'] );
	}

	/**
	 * Writes columns of the row; creates the row first when the definition allows it.
	 *
	 * @param array<string, mixed>       $definition Field_Definitions::for_post_type().
	 * @param int                        $post_id    Post ID.
	 * @param array<string, string|null> $values     Column => bytes (null for NULL).
	 * @return bool Whether the row was written.
	 */
	public function write( array $definition, int $post_id, array $values ): bool {
		$links = array_intersect_key( $values, self::link_fields( $definition ) );
		$done  = $this->write_columns( $definition, $post_id, array_diff_key( $values, $links ) );
		// After the columns: a cast list the editor set wins over the one a new star cast makes.
		return $this->write_links( $definition, $post_id, $links ) && $done;
	}

	/**
	 * Writes a title's cast or crew link rows from their field's text (Credits_Writer::rows_text()).
	 *
	 * @param array<string, mixed>       $definition Field_Definitions::for_post_type().
	 * @param int                        $post_id    Post ID.
	 * @param array<string, string|null> $values     Field => rows text.
	 */
	private function write_links( array $definition, int $post_id, array $values ): bool {
		global $wpdb;
		$ok = true;
		foreach ( $values as $key => $text ) {
			$rows = Field_Values::decoded( $text );
			$done = ( new Credits_Writer( $wpdb ) )->write_rows( (string) get_post_type( $post_id ), $post_id, (string) $definition['fields'][ $key ]['part'], is_array( $rows ) ? array_values( array_filter( $rows, 'is_array' ) ) : array() );
			$ok   = $ok && ! is_wp_error( $done );
		}
		return $ok;
	}

	/**
	 * Writes columns of the row; creates the row first when the definition allows it.
	 *
	 * @param array<string, mixed>       $definition Field_Definitions::for_post_type().
	 * @param int                        $post_id    Post ID.
	 * @param array<string, string|null> $values     Column => bytes (null for NULL).
	 */
	private function write_columns( array $definition, int $post_id, array $values ): bool {
		global $wpdb;
		if ( array() === $values ) {
			return true;
		}
		$table  = $wpdb->prefix . $definition['table'];
		$exists = null !== $this->read( $definition, $post_id );
		if ( ! $exists && ! $definition['insertable'] ) {
			return false;
		}
		if ( ! $exists ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery -- the tmu_* tables have no API.
			return false !== $wpdb->insert( $table, array_merge( array( 'ID' => $post_id ), $values ) );
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- the tmu_* tables have no API.
		if ( false === $wpdb->update( $table, array_merge( self::theme_twins( $table, $values ), $values ), array( 'ID' => $post_id ) ) ) {
			return false;
		}
		return $this->follow_star_cast( $definition, $post_id, $values );
	}

	/**
	 * The newer theme's columns that mean the same as written ones (a season's `name` is its
	 * `season_name`), when the table has them: they follow, so both themes show the edit. As the
	 * sidecar does, a NULL is not copied (the theme's columns are NOT NULL).
	 *
	 * @param string                     $table  Prefixed table.
	 * @param array<string, string|null> $values Column => bytes written.
	 * @return array<string, string>
	 */
	private static function theme_twins( string $table, array $values ): array {
		global $wpdb;
		static $columns = array();
		$twins = array_intersect_key( self::THEME_TWINS, array_filter( $values, fn( $v ): bool => null !== $v ) );
		if ( array() === $twins ) {
			return array();
		}
		if ( ! isset( $columns[ $table ] ) ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the table name comes from Field_Definitions; once per request.
			$columns[ $table ] = (array) $wpdb->get_col( "SHOW COLUMNS FROM `{$table}`" );
		}
		$out = array();
		foreach ( $twins as $ours => $theirs ) {
			foreach ( array_intersect( $theirs, $columns[ $table ] ) as $column ) {
				$out[ $column ] = (string) $values[ $ours ];
			}
		}
		return $out;
	}

	/**
	 * The templates list a title's cast from its cast rows: they follow a star cast just written.
	 *
	 * @param array<string, mixed>       $definition Field_Definitions::for_post_type().
	 * @param int                        $post_id    Post ID.
	 * @param array<string, string|null> $values     Columns written.
	 */
	private function follow_star_cast( array $definition, int $post_id, array $values ): bool {
		global $wpdb;
		$post_type = (string) get_post_type( $post_id );
		if ( ! array_key_exists( 'star_cast', $values ) || ! Credits_Writer::has_cast_rows( $post_type ) ) {
			return true;
		}
		$writer = new Credits_Writer( $wpdb );
		// The cast rows change with the star cast: an edit of their field too, with TMDb's rows kept when they were untouched.
		( new Edit_Fingerprints( $wpdb ) )->record_edit( (string) $definition['object_type'], $post_id, 'cast_rows', Credits_Writer::rows_text( 'cast', $writer->read_rows( $post_type, $post_id, 'cast' ) ) );
		$stars = Field_Values::decoded( $values['star_cast'] );
		$done  = $writer->write_cast( $post_type, $post_id, is_array( $stars ) ? array_values( array_filter( $stars, 'is_array' ) ) : array() );
		return ! is_wp_error( $done );
	}

	/**
	 * The edited fields of a row and what TMDb says for each: field => bytes (null when not known yet).
	 *
	 * @param Edit_Fingerprints          $prints     Fingerprints.
	 * @param array<string, mixed>       $definition Field_Definitions::for_post_type().
	 * @param int                        $post_id    Post ID.
	 * @param array<string, string|null> $row        The row as read().
	 * @return array<string, string|null>
	 */
	public function edited( Edit_Fingerprints $prints, array $definition, int $post_id, array $row ): array {
		$edited = $prints->edited_fields( (string) $definition['object_type'], $post_id, $row );
		return array_intersect_key( $edited, $definition['fields'] );
	}

	/**
	 * Puts TMDb's value back into one field; false when TMDb's value is not known.
	 *
	 * @param Edit_Fingerprints    $prints     Fingerprints.
	 * @param array<string, mixed> $definition Field_Definitions::for_post_type().
	 * @param int                  $post_id    Post ID.
	 * @param string               $field      Column.
	 */
	public function accept_tmdb( Edit_Fingerprints $prints, array $definition, int $post_id, string $field ): bool {
		$bytes = $prints->accept_tmdb( (string) $definition['object_type'], $post_id, $field );
		if ( null === $bytes ) {
			// The field reads as not edited from now on; the next sync writes TMDb's value.
			return false;
		}
		return $this->write( $definition, $post_id, array( $field => $bytes ) );
	}
}
