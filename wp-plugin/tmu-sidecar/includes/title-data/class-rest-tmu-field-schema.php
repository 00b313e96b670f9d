<?php
/**
 * JSON schema of the `tmu` REST field (docs/rest.md shows an answer).
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One schema for every post type: each kind fills the properties that apply to it.
 * Lists of linked posts (cast, seasons, filmography…) are left out of the embed context.
 */
final class Rest_Tmu_Field_Schema {

	/** Every context. */
	private const ALL = array( 'view', 'edit', 'embed' );

	/** Not in embeds. */
	private const FULL = array( 'view', 'edit' );

	/**
	 * The field's schema.
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$properties = array_merge( self::scalars(), self::objects(), self::lists() );
		return array(
			'description' => __( 'Data synced from TMDb, in one shape whatever the column format. Text is HTML-safe.', 'tmu-sidecar' ),
			'type'        => array( 'object', 'null' ),
			'context'     => self::ALL,
			'readonly'    => true,
			'properties'  => $properties,
		);
	}

	/**
	 * Numbers, text and dates.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function scalars(): array {
		$kinds = array( 'movie', 'tv', 'drama', 'person', 'season', 'episode', 'drama-episode', 'video' );
		$props = array(
			'kind' => array(
				'type'    => 'string',
				'enum'    => $kinds,
				'context' => self::ALL,
			),
		);
		foreach ( array( 'tmdb_id', 'runtime', 'budget', 'revenue', 'number', 'season_number', 'episode_count' ) as $name ) {
			$props[ $name ] = self::prop( array( 'integer', 'null' ) );
		}
		$props['popularity'] = self::prop( array( 'number', 'null' ) );
		$props['finished']   = self::prop( array( 'boolean', 'null' ) );
		$text                = array( 'imdb_id', 'title', 'original_title', 'tagline', 'overview', 'status', 'certification', 'original_language', 'name', 'biography', 'birthplace', 'gender', 'known_for_department', 'episode_type' );
		foreach ( $text as $name ) {
			$props[ $name ] = self::prop( array( 'string', 'null' ) );
		}
		foreach ( array( 'release_date', 'air_date', 'birthday', 'deathday' ) as $name ) {
			$props[ $name ] = self::prop( array( 'string', 'null' ), array( 'format' => 'date' ) );
		}
		$props['homepage'] = self::prop( array( 'string', 'null' ), array( 'format' => 'uri' ) );
		return $props;
	}

	/**
	 * Objects: rating, images, the series/season/title a post belongs to, a video post's player.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function objects(): array {
		$rating = self::object(
			array(
				'average' => array( 'type' => array( 'number', 'null' ) ),
				'count'   => array( 'type' => array( 'integer', 'null' ) ),
			)
		);
		$link   = self::object(
			array(
				'id'    => array( 'type' => 'integer' ),
				'title' => array( 'type' => array( 'string', 'null' ) ),
				'link'  => array( 'type' => array( 'string', 'null' ) ),
			)
		);
		return array(
			'rating'  => self::prop( $rating['type'], $rating ),
			'poster'  => self::prop( array( 'object', 'null' ), self::image() ),
			'still'   => self::prop( array( 'object', 'null' ), self::image() ),
			'profile' => self::prop( array( 'object', 'null' ), self::image() ),
			'series'  => self::prop( array( 'object', 'null' ), $link ),
			'parent'  => self::prop( array( 'object', 'null' ), $link ),
			'season'  => self::prop( array( 'object', 'null' ) ),
			'video'   => self::prop( array( 'object', 'null' ), self::object( self::video_props() ) ),
		);
	}

	/**
	 * Lists: people, seasons, episodes, videos, images, terms, names, where to watch, filmography.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function lists(): array {
		$sizes  = array(
			'type'                 => array( 'object', 'null' ),
			'additionalProperties' => array( 'type' => 'string' ),
		);
		$person = array(
			'person_id'  => array( 'type' => 'integer' ),
			'name'       => array( 'type' => array( 'string', 'null' ) ),
			'character'  => array( 'type' => array( 'string', 'null' ) ),
			'job'        => array( 'type' => array( 'string', 'null' ) ),
			'department' => array( 'type' => 'string' ),
			'order'      => array( 'type' => 'integer' ),
			'profile'    => $sizes,
			'link'       => array( 'type' => array( 'string', 'null' ) ),
		);
		$term   = array(
			'id'   => array( 'type' => 'integer' ),
			'name' => array( 'type' => 'string' ),
			'slug' => array( 'type' => 'string' ),
			'link' => array( 'type' => array( 'string', 'null' ) ),
		);
		$props  = array(
			'cast'        => self::list_of( self::object( $person ), self::FULL ),
			'crew'        => self::list_of( self::object( $person ), self::FULL ),
			'seasons'     => self::list_of( self::object( array( 'episodes' => array( 'type' => 'array' ) ) ), self::FULL ),
			'episodes'    => self::list_of( array( 'type' => 'object' ), self::FULL ),
			'videos'      => self::list_of( self::object( self::video_props() ), self::FULL ),
			'images'      => self::list_of( self::image(), self::FULL ),
			'photos'      => self::list_of( self::image(), self::FULL ),
			'watch'       => self::list_of( self::object( array( 'name' => array( 'type' => 'string' ), 'url' => array( 'type' => array( 'string', 'null' ) ) ) ), self::FULL ),
			'social'      => self::list_of( self::object( array( 'platform' => array( 'type' => 'string' ), 'url' => array( 'type' => 'string' ) ) ), self::FULL ),
			'filmography' => self::list_of( array( 'type' => 'object' ), self::FULL ),
		);
		foreach ( array( 'production_companies', 'spoken_languages' ) as $name ) {
			$props[ $name ] = self::list_of( array( 'type' => 'string' ), self::ALL );
		}
		foreach ( array( 'genres', 'countries', 'languages', 'years', 'keywords', 'networks', 'channels', 'nationalities' ) as $name ) {
			$props[ $name ] = self::list_of( self::object( $term ), self::ALL );
		}
		return $props;
	}

	/**
	 * A video's properties.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function video_props(): array {
		return array(
			'site'      => array(
				'type' => 'string',
				'enum' => array( 'YouTube', 'Vimeo' ),
			),
			'key'       => array( 'type' => 'string' ),
			'name'      => array( 'type' => array( 'string', 'null' ) ),
			'type'      => array( 'type' => 'string' ),
			'embed_url' => array(
				'type'   => 'string',
				'format' => 'uri',
			),
		);
	}

	/**
	 * An image: {id, sizes: {size => URL}}.
	 *
	 * @return array<string, mixed>
	 */
	private static function image(): array {
		return self::object(
			array(
				'id'    => array( 'type' => 'integer' ),
				'sizes' => array(
					'type'                 => 'object',
					'additionalProperties' => array( 'type' => 'string' ),
				),
			)
		);
	}

	/**
	 * An object schema.
	 *
	 * @param array<string, mixed> $properties Properties.
	 * @return array<string, mixed>
	 */
	private static function object( array $properties ): array {
		return array(
			'type'       => 'object',
			'properties' => $properties,
		);
	}

	/**
	 * A list property.
	 *
	 * @param array<string, mixed> $items   Item schema.
	 * @param string[]             $context Contexts.
	 * @return array<string, mixed>
	 */
	private static function list_of( array $items, array $context ): array {
		return array(
			'type'    => 'array',
			'items'   => $items,
			'context' => $context,
		);
	}

	/**
	 * A property in every context.
	 *
	 * @param string|string[]      $type  Type.
	 * @param array<string, mixed> $extra More schema.
	 * @return array<string, mixed>
	 */
	private static function prop( $type, array $extra = array() ): array {
		return array_merge( $extra, array( 'type' => $type, 'context' => self::ALL ) );
	}
}
