<?php
/**
 * Typed arguments of the "Import from TMDb" REST routes.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The args of GET tmu/v1/tmdb/browse and POST tmu/v1/import, validated by WordPress before the callbacks run.
 */
final class Import_Rest_Args {

	public const SOURCES = array( 'search', 'popular', 'top_rated', 'trending_day', 'trending_week', 'now_playing', 'upcoming', 'airing_today', 'on_the_air', 'discover', 'keyword', 'ids' );

	public const SORTS = array( 'popularity', 'rating', 'votes', 'newest', 'oldest' );

	/**
	 * Arguments of the browse route.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function browse(): array {
		return array_merge( self::browse_scope(), self::browse_filters() );
	}

	/**
	 * Arguments of the import route (many items, or the one-title form).
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function import(): array {
		return array(
			'items'   => self::items(),
			'status'  => array(
				'description' => __( 'Status of the posts the import creates.', 'tmu-sidecar' ),
				'type'        => 'string',
				'enum'        => array( 'draft', 'publish' ),
				'default'     => 'publish',
			),
			'resync'  => array(
				'description' => __( 'Sync titles the site already has instead of skipping them.', 'tmu-sidecar' ),
				'type'        => 'boolean',
				'default'     => false,
			),
			'type'    => array(
				'description' => __( 'One-title form: the TMDb content type.', 'tmu-sidecar' ),
				'type'        => 'string',
				'enum'        => array( 'movie', 'tv', 'drama', 'person', 'people' ),
			),
			'tmdb_id' => array(
				'description' => __( 'One-title form: the TMDb id.', 'tmu-sidecar' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'options' => Sync_Rest::options_schema(),
		);
	}

	/**
	 * Source, type and page.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function browse_scope(): array {
		return array(
			'source' => array(
				'description' => __( 'Which TMDb list to browse.', 'tmu-sidecar' ),
				'type'        => 'string',
				'enum'        => self::SOURCES,
				'required'    => true,
			),
			'type'   => array(
				'description' => __( 'Movies, TV shows or dramas (dramas browse TV).', 'tmu-sidecar' ),
				'type'        => 'string',
				'enum'        => array( 'movie', 'tv', 'drama' ),
				'default'     => 'movie',
			),
			'page'   => array(
				'type'    => 'integer',
				'minimum' => 1,
				'maximum' => 500,
				'default' => 1,
			),
		);
	}

	/**
	 * Search text, discover filters, keyword and pasted ids.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function browse_filters(): array {
		$year = array(
			'type'    => 'integer',
			'minimum' => 1874,
			'maximum' => 2100,
		);
		return array(
			'query'     => self::text( 200, __( 'Title to search for.', 'tmu-sidecar' ) ),
			'year'      => $year,
			'year_from' => $year,
			'year_to'   => $year,
			'genre'     => self::text( 60, __( 'A TMDb genre id or name.', 'tmu-sidecar' ) ),
			'language'  => array(
				'type'    => 'string',
				'pattern' => '^[a-z]{2}$',
			),
			'region'    => array(
				'type'    => 'string',
				'pattern' => '^[A-Z]{2}$',
			),
			'min_votes' => array(
				'type'    => 'integer',
				'minimum' => 0,
			),
			'sort'      => array(
				'type' => 'string',
				'enum' => self::SORTS,
			),
			'keyword'   => self::text( 255, __( 'A TMDb keyword.', 'tmu-sidecar' ) ),
			'ids'       => array(
				'description'       => __( 'TMDb ids, TMDb URLs or IMDb ids, separated by spaces, commas or new lines.', 'tmu-sidecar' ),
				'type'              => 'string',
				'maxLength'         => 5000,
				'sanitize_callback' => 'sanitize_textarea_field',
			),
		);
	}

	/**
	 * The items of an import.
	 *
	 * @return array<string, mixed>
	 */
	private static function items(): array {
		return array(
			'description' => __( 'The titles to import.', 'tmu-sidecar' ),
			'type'        => 'array',
			'minItems'    => 1,
			'maxItems'    => Import_Rest::MAX_ITEMS,
			'items'       => array(
				'type'                 => 'object',
				'properties'           => array(
					'type'    => array(
						'type'     => 'string',
						'enum'     => array( 'movie', 'tv', 'drama' ),
						'required' => true,
					),
					'tmdb_id'  => array(
						'type'     => 'integer',
						'minimum'  => 1,
						'required' => true,
					),
					'on_trash' => array(
						'description' => __( 'When the title\'s post is in the trash: restore it and sync into it, or import the title as a new post.', 'tmu-sidecar' ),
						'type'        => 'string',
						'enum'        => Import_Trash::CHOICES,
					),
				),
				'additionalProperties' => false,
			),
		);
	}

	/**
	 * A sanitized text argument.
	 *
	 * @param int    $max         Maximum length.
	 * @param string $description What it is.
	 * @return array<string, mixed>
	 */
	private static function text( int $max, string $description ): array {
		return array(
			'description'       => $description,
			'type'              => 'string',
			'maxLength'         => $max,
			'sanitize_callback' => 'sanitize_text_field',
		);
	}
}
