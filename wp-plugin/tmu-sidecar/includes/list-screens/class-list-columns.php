<?php
/**
 * The poster and "Last synced" columns of the movie, TV, drama and people list tables.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Shows post meta tmu_last_synced_at as "5 mins ago", the last sync error (tmu_last_error) in
 * red, or "Never". Both meta keys are written by the sidecar after each sync. A small poster (the
 * featured image) comes first; its alt is empty, since the title is beside it.
 */
final class List_Columns {

	public const COLUMN = 'tmu_last_synced';

	public const POSTER = 'tmu_poster';

	/** Poster thumbnail size in the list, in CSS pixels (2:3). */
	private const POSTER_SIZE = array( 40, 60 );

	/** Characters of an error shown in the cell; the whole message is in the title. */
	private const ERROR_LENGTH = 120;

	/**
	 * Adds the column after the title, before the date (manage_{post_type}_posts_columns).
	 *
	 * @param mixed $columns Columns.
	 * @return array<string, string>
	 */
	public function add_column( $columns ): array {
		$columns = is_array( $columns ) ? $columns : array();
		$label   = __( 'Last synced', 'tmu-sidecar' );
		$out     = array();
		foreach ( $columns as $key => $value ) {
			if ( 'date' === $key ) {
				$out[ self::COLUMN ] = $label;
			}
			if ( 'title' === $key ) {
				$out[ self::POSTER ] = '<span class="screen-reader-text">' . esc_html__( 'Poster', 'tmu-sidecar' ) . '</span>';
			}
			$out[ $key ] = $value;
		}
		if ( ! isset( $out[ self::COLUMN ] ) ) {
			$out[ self::COLUMN ] = $label;
		}
		return $out;
	}

	/**
	 * The red error style on the list screens (admin_enqueue_scripts).
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public function enqueue_assets( $hook_suffix ): void {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( 'edit.php' !== $hook_suffix || null === $screen || null === Content_Types::webhook_type( (string) $screen->post_type ) ) {
			return;
		}
		wp_enqueue_style( 'tmu-sidecar-admin', plugins_url( 'assets/css/admin.css', PLUGIN_FILE ), array(), VERSION );
	}

	/**
	 * Prints the cell (manage_{post_type}_posts_custom_column).
	 *
	 * @param mixed $column  Column key.
	 * @param mixed $post_id Post ID.
	 */
	public function render_cell( $column, $post_id ): void {
		if ( self::POSTER === $column ) {
			$image = get_the_post_thumbnail(
				(int) $post_id,
				self::POSTER_SIZE,
				array(
					'alt'     => '',
					'loading' => 'lazy',
					'class'   => 'tmu-list-poster',
				)
			);
			echo '' !== $image ? $image : '<span class="tmu-list-poster tmu-list-poster-none" aria-hidden="true"></span>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built and escaped by WordPress.
			return;
		}
		if ( self::COLUMN !== $column ) {
			return;
		}
		$post_id   = (int) $post_id;
		$state     = Sync_State::of( $post_id );
		$synced_at = $state['synced_at'];
		$error     = $state['error'];
		if ( '' === $synced_at && '' === $error ) {
			// People created by the sync of a title: their row says when.
			$synced_at = List_Tables::synced_at_from_row( $post_id );
		}
		$timestamp = '' !== $synced_at ? strtotime( $synced_at ) : false;

		if ( '' !== $error ) {
			$failed_at = '' !== $state['failed_at'] ? strtotime( $state['failed_at'] ) : false;
			echo '<strong class="tmu-sync-failed">' . esc_html__( 'Sync failed', 'tmu-sidecar' ) . '</strong> ';
			if ( false !== $failed_at ) {
				$this->print_time( $failed_at, 'tmu-last-failed' );
			}
			$short = mb_strlen( $error ) > self::ERROR_LENGTH ? mb_substr( $error, 0, self::ERROR_LENGTH - 1 ) . '…' : $error;
			printf(
				'<br /><span class="tmu-last-error tmu-list-error" title="%1$s">%2$s</span>',
				esc_attr( $error ),
				esc_html( $short )
			);
			if ( false !== $timestamp ) {
				echo '<br />' . esc_html__( 'Last successful sync:', 'tmu-sidecar' ) . ' ';
			}
		}
		if ( false !== $timestamp ) {
			$this->print_time( $timestamp, 'tmu-last-synced' );
			return;
		}
		if ( '' === $error ) {
			echo '<span class="tmu-never-synced">' . esc_html__( 'Never', 'tmu-sidecar' ) . '</span>';
		}
	}

	/**
	 * A <time> saying "5 mins ago", with the full date as its title.
	 *
	 * @param int    $timestamp Unix time.
	 * @param string $class     CSS class.
	 */
	private function print_time( int $timestamp, string $class ): void {
		printf(
			'<time class="%1$s" datetime="%2$s" title="%3$s">%4$s</time>',
			esc_attr( $class ),
			esc_attr( gmdate( 'c', $timestamp ) ),
			esc_attr( (string) wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $timestamp ) ),
			esc_html(
				$timestamp <= time()
					/* translators: %s: time span, e.g. "5 mins". */
					? sprintf( __( '%s ago', 'tmu-sidecar' ), human_time_diff( $timestamp ) )
					/* translators: %s: time span, e.g. "5 mins" (the sidecar's clock is ahead). */
					: sprintf( __( 'in %s', 'tmu-sidecar' ), human_time_diff( $timestamp ) )
			)
		);
	}
}
