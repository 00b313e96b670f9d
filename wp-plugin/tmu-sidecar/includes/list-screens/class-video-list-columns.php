<?php
/**
 * The "Title" column of the Videos list table.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Says which movie, show, drama or person a video belongs to (tmu_videos.post_id), linked to its edit screen.
 */
final class Video_List_Columns {

	public const COLUMN = 'tmu_video_title';

	/**
	 * The column after the title (manage_video_posts_columns).
	 *
	 * @param mixed $columns Columns.
	 * @return array<string, string>
	 */
	public function add_columns( $columns ): array {
		$columns = is_array( $columns ) ? $columns : array();
		$out     = array();
		foreach ( $columns as $key => $value ) {
			$out[ $key ] = $value;
			if ( 'title' === $key ) {
				$out[ self::COLUMN ] = __( 'Video of', 'tmu-sidecar' );
			}
		}
		return $out;
	}

	/**
	 * The cell (manage_video_posts_custom_column).
	 *
	 * @param mixed $column  Column key.
	 * @param mixed $post_id Post ID.
	 */
	public function render_cell( $column, $post_id ): void {
		if ( self::COLUMN !== $column ) {
			return;
		}
		$parent = $this->parent_of( (int) $post_id );
		$title  = $parent > 0 ? get_the_title( $parent ) : '';
		if ( '' === $title ) {
			echo '—';
			return;
		}
		$link = current_user_can( 'edit_post', $parent ) ? get_edit_post_link( $parent ) : get_permalink( $parent );
		if ( ! is_string( $link ) || '' === $link ) {
			echo esc_html( $title );
			return;
		}
		printf( '<a href="%1$s">%2$s</a>', esc_url( $link ), esc_html( $title ) );
	}

	/**
	 * The post the video belongs to; 0 when unknown.
	 *
	 * @param int $video_id Video post ID.
	 */
	private function parent_of( int $video_id ): int {
		global $wpdb;
		$table = $wpdb->prefix . 'tmu_videos';
		if ( ! List_Tables::table_exists( $table ) ) {
			return 0;
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name from a constant; one page of rows.
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT post_id FROM `{$table}` WHERE ID = %d", $video_id ) );
	}
}
