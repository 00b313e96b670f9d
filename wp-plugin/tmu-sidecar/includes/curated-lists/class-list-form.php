<?php
/**
 * The curated list form's values: payload, schedule presets, sort orders.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Turns the Tools → Curated lists form into `discover.requested`, and names schedules and orders.
 */
final class List_Form {

	public const SORT_ORDERS = array( 'popularity.desc', 'popularity.asc', 'vote_average.desc', 'vote_average.asc', 'vote_count.desc', 'vote_count.asc', 'release_date.desc', 'release_date.asc' );

	/** Schedule presets and the cron each one stands for (the sidecar's CRON_TZ). */
	public const SCHEDULE_PRESETS = array(
		'daily'  => '0 5 * * *',
		'weekly' => '0 5 * * 1',
	);

	/**
	 * The `discover.requested` payload for the submitted form, or why it cannot be sent.
	 *
	 * @param array<string, mixed> $form Unslashed form fields.
	 * @return array<string, mixed>|WP_Error
	 */
	public static function payload( array $form ) {
		$keyword = sanitize_text_field( (string) ( $form['keyword'] ?? '' ) );
		if ( '' === $keyword ) {
			return new WP_Error( 'tmu_list_keyword', __( 'A keyword is required.', 'tmu-sidecar' ), array( 'status' => 400 ) );
		}
		$filters = array();
		$text    = static fn( string $key ): string => trim( sanitize_text_field( (string) ( $form[ $key ] ?? '' ) ) );
		if ( 1 === preg_match( '/^[a-z]{2}$/', strtolower( $text( 'original_language' ) ) ) ) {
			$filters['original_language'] = strtolower( $text( 'original_language' ) );
		}
		if ( 1 === preg_match( '/^[A-Z]{2}$/', strtoupper( $text( 'region' ) ) ) ) {
			$filters['region'] = strtoupper( $text( 'region' ) );
		}
		foreach ( array( 'release_from', 'release_to' ) as $key ) {
			if ( 1 === preg_match( '/^\d{4}-\d{2}-\d{2}$/', $text( $key ) ) ) {
				$filters[ $key ] = $text( $key );
			}
		}
		if ( '' !== $text( 'min_vote_count' ) ) {
			$filters['min_vote_count'] = absint( $text( 'min_vote_count' ) );
		}
		if ( in_array( $text( 'sort_by' ), self::SORT_ORDERS, true ) ) {
			$filters['sort_by'] = $text( 'sort_by' );
		}
		if ( ! empty( $form['include_adult'] ) ) {
			$filters['include_adult'] = true;
		}
		$type   = 'tv' === ( $form['type'] ?? '' ) ? 'tv' : 'movie';
		$status = self::status( $form, $type );
		if ( is_wp_error( $status ) ) {
			return $status;
		}
		$list = array(
			'status'       => $status,
			'title'        => $text( 'title' ),
			'description'  => sanitize_textarea_field( (string) ( $form['description'] ?? '' ) ),
			'refresh_cron' => self::refresh_cron( $form, $text( 'refresh_cron' ) ),
			// An empty object, not an empty array, once JSON-encoded.
			'filters'      => (object) $filters,
		);
		if ( absint( $form['list_id'] ?? 0 ) > 0 ) {
			$list['id'] = absint( $form['list_id'] );
		}
		return array(
			'keyword' => $keyword,
			'type'    => $type,
			'limit'   => min( 100, max( 1, absint( $form['limit'] ?? 20 ) ) ),
			'list'    => $list,
		);
	}

	/**
	 * Status of the posts the list makes for new titles: draft unless asked, publish only for a user who may.
	 *
	 * @param array<string, mixed> $form Unslashed form fields.
	 * @param string               $type 'movie' or 'tv'.
	 * @return string|WP_Error
	 */
	private static function status( array $form, string $type ) {
		if ( 'publish' !== ( $form['status'] ?? 'draft' ) ) {
			return 'draft';
		}
		if ( ! self::may_publish( $type ) ) {
			return new WP_Error( 'tmu_list_publish_forbidden', __( 'Sorry, you are not allowed to publish the titles a list adds: choose Draft.', 'tmu-sidecar' ), array( 'status' => 403 ) );
		}
		return 'publish';
	}

	/**
	 * The status select of the form; Published is offered only to a user who may publish.
	 *
	 * @param string $current Stored status.
	 * @param string $type    'movie' or 'tv'.
	 */
	public static function status_select( string $current, string $type ): string {
		$options = sprintf( '<option value="draft"%1$s>%2$s</option>', selected( $current, 'draft', false ), esc_html__( 'Draft', 'tmu-sidecar' ) );
		if ( self::may_publish( $type ) ) {
			$options .= sprintf( '<option value="publish"%1$s>%2$s</option>', selected( $current, 'publish', false ), esc_html__( 'Published', 'tmu-sidecar' ) );
		}
		return '<select id="tmu-list-status" name="status" aria-describedby="tmu-list-status-help">' . $options . '</select>';
	}

	/**
	 * Whether the current user may publish posts of the list's type (a TV list also holds dramas).
	 *
	 * @param string $type 'movie' or 'tv'.
	 */
	public static function may_publish( string $type ): bool {
		foreach ( 'tv' === $type ? array( 'tv', 'drama' ) : array( 'movie' ) as $post_type ) {
			$object = get_post_type_object( $post_type );
			$cap    = null !== $object ? (string) $object->cap->publish_posts : 'publish_posts';
			if ( ! current_user_can( $cap ) ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The cron of the chosen schedule preset: daily, weekly, manual (null) or the custom cron typed.
	 *
	 * @param array<string, mixed> $form   Unslashed form fields.
	 * @param string               $custom The custom cron field.
	 */
	private static function refresh_cron( array $form, string $custom ): ?string {
		$preset = sanitize_key( (string) ( $form['refresh_preset'] ?? 'custom' ) );
		if ( isset( self::SCHEDULE_PRESETS[ $preset ] ) ) {
			return self::SCHEDULE_PRESETS[ $preset ];
		}
		if ( 'manual' === $preset ) {
			return null;
		}
		return '' === $custom ? null : $custom;
	}

	/**
	 * A schedule for people: "Daily at 05:00", "Weekly on Mondays at 05:00", "Manual", or the cron.
	 *
	 * @param string $cron Stored cron ('' for manual).
	 */
	public static function schedule_label( string $cron ): string {
		if ( '' === $cron ) {
			return __( 'Manual (Refresh now only)', 'tmu-sidecar' );
		}
		if ( self::SCHEDULE_PRESETS['daily'] === $cron ) {
			return __( 'Daily at 05:00', 'tmu-sidecar' );
		}
		if ( self::SCHEDULE_PRESETS['weekly'] === $cron ) {
			return __( 'Weekly on Mondays at 05:00', 'tmu-sidecar' );
		}
		return '';
	}

	/**
	 * "Most popular first" for popularity.desc.
	 *
	 * @param string $order TMDb sort order.
	 */
	public static function sort_label( string $order ): string {
		$labels = array(
			'popularity.desc'   => __( 'Most popular first', 'tmu-sidecar' ),
			'popularity.asc'    => __( 'Least popular first', 'tmu-sidecar' ),
			'vote_average.desc' => __( 'Best rated first', 'tmu-sidecar' ),
			'vote_average.asc'  => __( 'Worst rated first', 'tmu-sidecar' ),
			'vote_count.desc'   => __( 'Most votes first', 'tmu-sidecar' ),
			'vote_count.asc'    => __( 'Fewest votes first', 'tmu-sidecar' ),
			'release_date.desc' => __( 'Newest first', 'tmu-sidecar' ),
			'release_date.asc'  => __( 'Oldest first', 'tmu-sidecar' ),
		);
		return $labels[ $order ] ?? $order;
	}
}
