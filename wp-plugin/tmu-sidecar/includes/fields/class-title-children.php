<?php
/**
 * Links between a series and its seasons and episodes, in the fields box.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Post;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A TV series lists each season with its episodes, a drama its episodes, each linked to its own
 * fields box; a season and an episode link back up to their series (and season), a video to its title.
 */
final class Title_Children {

	/**
	 * The links for the post being edited, if it has any.
	 *
	 * @param WP_Post $post Post.
	 */
	public function render( WP_Post $post ): void {
		switch ( $post->post_type ) {
			case 'tv':
				$this->render_series( $post->ID );
				return;
			case 'drama':
				$this->render_list( __( 'Episodes', 'tmu-sidecar' ), $this->ids( 'tmu_dramas_episodes', 'dramas', $post->ID, 'season_no, episode_no' ), 'tmu-drama-episodes' );
				return;
			case 'season':
				$this->render_parents( $post->ID, 'tmu_tv_series_seasons', array( 'tv_series' ) );
				$this->render_list( __( 'Episodes', 'tmu-sidecar' ), $this->ids( 'tmu_tv_series_episodes', 'season_id', $post->ID, 'episode_no' ), 'tmu-season-episodes' );
				return;
			case 'episode':
				$this->render_parents( $post->ID, 'tmu_tv_series_episodes', array( 'tv_series', 'season_id' ) );
				return;
			case 'drama-episode':
				$this->render_parents( $post->ID, 'tmu_dramas_episodes', array( 'dramas' ) );
				return;
			case 'video':
				$this->render_parents( $post->ID, 'tmu_videos', array( 'post_id' ) );
				return;
		}
	}

	/**
	 * A series' seasons, each with its episodes.
	 *
	 * @param int $series_id Series post ID.
	 */
	private function render_series( int $series_id ): void {
		$seasons = $this->ids( 'tmu_tv_series_seasons', 'tv_series', $series_id, 'season_no' );
		echo '<nav class="tmu-children" id="tmu-series-children" aria-labelledby="tmu-series-children-heading">';
		echo '<h3 id="tmu-series-children-heading">' . esc_html__( 'Seasons and episodes', 'tmu-sidecar' ) . '</h3>';
		if ( array() === $seasons ) {
			echo '<p class="description">' . esc_html__( 'No seasons synced yet.', 'tmu-sidecar' ) . '</p>';
		}
		echo '<ul>';
		foreach ( $seasons as $season_id ) {
			echo '<li>' . $this->link( $season_id ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- link() escapes.
			$episodes = $this->ids( 'tmu_tv_series_episodes', 'season_id', $season_id, 'episode_no' );
			if ( array() !== $episodes ) {
				echo '<ul>';
				foreach ( $episodes as $episode_id ) {
					echo '<li>' . $this->link( $episode_id ) . '</li>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- link() escapes.
				}
				echo '</ul>';
			}
			echo '</li>';
		}
		echo '</ul></nav>';
	}

	/**
	 * A flat list of linked posts.
	 *
	 * @param string $heading Heading.
	 * @param int[]  $ids     Post IDs.
	 * @param string $id      Element ID.
	 */
	private function render_list( string $heading, array $ids, string $id ): void {
		if ( array() === $ids ) {
			return;
		}
		echo '<nav class="tmu-children" id="' . esc_attr( $id ) . '" aria-labelledby="' . esc_attr( $id . '-heading' ) . '">';
		echo '<h3 id="' . esc_attr( $id . '-heading' ) . '">' . esc_html( $heading ) . '</h3><ul>';
		foreach ( $ids as $post_id ) {
			echo '<li>' . $this->link( $post_id ) . '</li>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- link() escapes.
		}
		echo '</ul></nav>';
	}

	/**
	 * Links up to the series (and season) of a season or episode.
	 *
	 * @param int      $post_id Post ID.
	 * @param string   $table   Table without prefix.
	 * @param string[] $columns Parent columns, outermost first.
	 */
	private function render_parents( int $post_id, string $table, array $columns ): void {
		global $wpdb;
		$name = $wpdb->prefix . $table;
		if ( ! List_Tables::table_exists( $name ) ) {
			return;
		}
		$list = implode( ', ', array_map( fn( string $c ): string => "`{$c}`", $columns ) );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- names from constants; one row on one screen.
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT {$list} FROM `{$name}` WHERE ID = %d", $post_id ), ARRAY_A );
		if ( ! is_array( $row ) ) {
			return;
		}
		$parents = array_values( array_filter( array_map( 'intval', $row ) ) );
		$this->render_list( __( 'Part of', 'tmu-sidecar' ), $parents, 'tmu-parents' );
	}

	/**
	 * Post IDs of a table's rows under a parent, in order.
	 *
	 * @param string $table  Table without prefix.
	 * @param string $column Parent column.
	 * @param int    $parent Parent post ID.
	 * @param string $order  ORDER BY columns (constants).
	 * @return int[]
	 */
	private function ids( string $table, string $column, int $parent, string $order ): array {
		global $wpdb;
		$name = $wpdb->prefix . $table;
		if ( ! List_Tables::table_exists( $name ) ) {
			return array();
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- names from constants; one list on one screen.
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT ID FROM `{$name}` WHERE `{$column}` = %d ORDER BY {$order}", $parent ) );
		return array_map( 'intval', $ids );
	}

	/**
	 * A link to a post's edit screen, named by its title (escaped).
	 *
	 * @param int $post_id Post ID.
	 */
	private function link( int $post_id ): string {
		$url = get_edit_post_link( $post_id );
		$title = Field_Values::post_title( $post_id );
		return null === $url || '' === $url ? esc_html( $title ) : '<a href="' . esc_url( $url ) . '">' . esc_html( $title ) . '</a>';
	}
}
