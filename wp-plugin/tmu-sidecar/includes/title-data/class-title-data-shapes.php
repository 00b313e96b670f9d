<?php
/**
 * The shape of each TMU post type, built from a loaded Title_Data_Store.
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
 * Titles (movie, tv, drama), seasons, episodes and videos; people are Title_Data_People's.
 */
final class Title_Data_Shapes {

	/** Shape keys of the taxonomies. */
	private const TERM_KEYS = array(
		'genre'       => 'genres',
		'country'     => 'countries',
		'language'    => 'languages',
		'by-year'     => 'years',
		'keyword'     => 'keywords',
		'network'     => 'networks',
		'channel'     => 'channels',
		'nationality' => 'nationalities',
	);

	/** The rows. */
	private Title_Data_Store $store;

	/** False in the embed context: no lists of linked posts. */
	private bool $full;

	/** Cast, crew and people. */
	private Title_Data_People $people;

	/** Seasons and their episodes. */
	private Title_Data_Seasons $seasons;

	/**
	 * Shapes from the store's rows.
	 *
	 * @param Title_Data_Store $store Loaded rows.
	 * @param bool             $full  Whether lists of linked posts are wanted.
	 */
	public function __construct( Title_Data_Store $store, bool $full ) {
		$this->store   = $store;
		$this->full    = $full;
		$this->people  = new Title_Data_People( $store );
		$this->seasons = new Title_Data_Seasons( $store );
	}

	/**
	 * A post's shape.
	 *
	 * @param WP_Post $post A TMU post, readable.
	 * @return array<string, mixed>
	 */
	public function shape( WP_Post $post ): array {
		$row = $this->store->rows[ (int) $post->ID ] ?? array();
		switch ( $post->post_type ) {
			case 'people':
				$shape = $this->people->person( $post, $row, $this->full );
				break;
			case 'season':
				$shape = $this->season( $post, $row );
				break;
			case 'episode':
			case 'drama-episode':
				$shape = $this->episode( $post, $row );
				break;
			case 'video':
				$shape = $this->video( $post, $row );
				break;
			default:
				$shape = $this->title( $post, $row );
		}
		return array_merge( $shape, $this->terms( $post ) );
	}

	/**
	 * A movie, series or drama.
	 *
	 * @param WP_Post              $post Title post.
	 * @param array<string, mixed> $row  Its row.
	 * @return array<string, mixed>
	 */
	private function title( WP_Post $post, array $row ): array {
		$id    = (int) $post->ID;
		$shape = array(
			'kind'                 => $post->post_type,
			'tmdb_id'              => Title_Data_Values::int( $row['tmdb_id'] ?? null ),
			'imdb_id'              => Title_Data_Values::text( $row['imdb_id'] ?? null ),
			'title'                => Title_Data_Values::text( $row['title'] ?? null ) ?? Title_Data_Values::title( $post ),
			'original_title'       => Title_Data_Values::text( $row['original_title'] ?? null ),
			'tagline'              => Title_Data_Values::text( $row['tagline'] ?? null ),
			'overview'             => Title_Data_Values::text( $row['overview'] ?? null ),
			'status'               => Title_Data_Values::text( $row['status'] ?? null ),
			'release_date'         => Title_Data_Values::date( $row['release_date'] ?? null, $row['release_timestamp'] ?? null ),
			'runtime'              => Title_Data_Values::int( $row['runtime'] ?? null ),
			'certification'        => Title_Data_Values::text( $row['certification'] ?? null ),
			'rating'               => self::rating( $row ),
			'popularity'           => Title_Data_Values::float( $row['popularity'] ?? null ),
			'original_language'    => Title_Data_Values::text( $row['original_language'] ?? null ),
			'homepage'             => Title_Data_Values::url( $row['homepage'] ?? null ),
			'production_companies' => Title_Data_Values::names( $row['production_companies'] ?? ( $row['production_house'] ?? null ) ),
			'spoken_languages'     => Title_Data_Values::names( $row['spoken_languages'] ?? null ),
			'poster'               => Title_Data_Values::featured_image( $id ),
		);
		if ( 'movie' === $post->post_type ) {
			$shape['budget']  = Title_Data_Values::int( $row['budget'] ?? null );
			$shape['revenue'] = Title_Data_Values::int( $row['revenue'] ?? null );
		} else {
			// '1'/'0' (legacy) or 'Yes'/'No' (newer theme).
			$finished          = strtolower( trim( (string) ( $row['finished'] ?? '' ) ) );
			$shape['finished'] = '' === $finished ? null : in_array( $finished, array( '1', 'yes' ), true );
		}
		if ( ! $this->full ) {
			return $shape;
		}
		$shape['images'] = $this->images( $row['images'] ?? null );
		$shape['cast']   = $this->people->credits( $this->store->cast[ $id ] ?? array(), true );
		$shape['crew']   = $this->people->credits( $this->store->crew[ $id ] ?? array(), false );
		$shape['videos'] = $this->videos( $id );
		$shape['watch']  = self::watch( $row );
		if ( isset( Title_Data_Store::SERIES[ $post->post_type ] ) ) {
			$shape['seasons'] = $this->seasons->of_series( $id );
		}
		return $shape;
	}

	/**
	 * A season, with its episodes.
	 *
	 * @param WP_Post              $post Season post.
	 * @param array<string, mixed> $row  Its row.
	 * @return array<string, mixed>
	 */
	private function season( WP_Post $post, array $row ): array {
		$series = (int) ( $row['tv_series'] ?? ( $row['dramas'] ?? 0 ) );
		$shape  = array(
			'kind'          => 'season',
			'tmdb_id'       => Title_Data_Values::int( $row['tmdb_id'] ?? null ),
			'number'        => Title_Data_Values::int( $row['season_no'] ?? null ),
			'name'          => Title_Data_Values::text( $row['season_name'] ?? null ) ?? Title_Data_Values::title( $post ),
			'overview'      => Title_Data_Values::text( $row['overview'] ?? null ),
			'air_date'      => Title_Data_Values::date( $row['air_date'] ?? null, $row['air_date_timestamp'] ?? null ),
			'episode_count' => Title_Data_Values::int( $row['total_episodes'] ?? null ),
			'rating'        => self::rating( $row ),
			'poster'        => Title_Data_Values::featured_image( (int) $post->ID ),
			'series'        => self::post_link( $series, array( 'tv', 'drama' ) ),
		);
		if ( $this->full ) {
			$shape['episodes'] = $this->seasons->episodes_of( $series, (int) $post->ID, Title_Data_Values::int( $row['season_no'] ?? null ) );
		}
		return $shape;
	}

	/**
	 * An episode of a series or a drama.
	 *
	 * @param WP_Post              $post Episode post.
	 * @param array<string, mixed> $row  Its row.
	 * @return array<string, mixed>
	 */
	private function episode( WP_Post $post, array $row ): array {
		$series = (int) ( $row['tv_series'] ?? ( $row['dramas'] ?? 0 ) );
		$season = Title_Data::linked( (int) ( $row['season_id'] ?? 0 ), array( 'season' ) );
		$shape  = array(
			'kind'          => $post->post_type,
			'tmdb_id'       => Title_Data_Values::int( $row['tmdb_id'] ?? null ),
			'number'        => Title_Data_Values::int( $row['episode_no'] ?? null ),
			'season_number' => Title_Data_Values::int( $row['season_no'] ?? null ),
			'name'          => Title_Data_Values::text( $row['episode_title'] ?? null ) ?? Title_Data_Values::title( $post ),
			'overview'      => Title_Data_Values::text( $row['overview'] ?? null ),
			'air_date'      => Title_Data_Values::date( $row['air_date'] ?? null, $row['air_date_timestamp'] ?? null ),
			'runtime'       => Title_Data_Values::int( $row['runtime'] ?? null ),
			'episode_type'  => Title_Data_Values::text( $row['episode_type'] ?? null ),
			'rating'        => self::rating( $row ),
			'still'         => Title_Data_Values::featured_image( (int) $post->ID ),
			'series'        => self::post_link( $series, array( 'tv', 'drama' ) ),
			'season'        => null === $season ? null : array(
				'id'     => (int) $season->ID,
				'number' => Title_Data_Values::int( $this->store->rows[ (int) $season->ID ]['season_no'] ?? ( $row['season_no'] ?? null ) ),
				'name'   => Title_Data_Values::title( $season ),
				'link'   => Title_Data_Values::link( $season ),
			),
		);
		if ( $this->full ) {
			list( $shape['cast'], $shape['crew'] ) = $this->people->episode_credits( Title_Data_Store::episode_credits( $row ) );
		}
		return $shape;
	}

	/**
	 * A video post: its player and the title it belongs to.
	 *
	 * @param WP_Post              $post Video post.
	 * @param array<string, mixed> $row  Its tmu_videos row.
	 * @return array<string, mixed>
	 */
	private function video( WP_Post $post, array $row ): array {
		$video = Title_Data_Values::video( $row['video_data'] ?? null );
		return array(
			'kind'   => 'video',
			'video'  => null === $video ? null : array_merge( $video, array( 'name' => Title_Data_Values::title( $post ) ) ),
			'parent' => self::post_link( (int) ( $row['post_id'] ?? 0 ), array( 'movie', 'tv', 'drama', 'people' ) ),
		);
	}

	/**
	 * A title's readable videos.
	 *
	 * @param int $title Title post ID.
	 * @return array<int, array<string, mixed>>
	 */
	private function videos( int $title ): array {
		$list = array();
		foreach ( $this->store->videos[ $title ] ?? array() as $row ) {
			$post  = Title_Data::linked( (int) $row['ID'], array( 'video' ) );
			$video = null === $post ? null : Title_Data_Values::video( $row['video_data'] ?? null );
			if ( null !== $video ) {
				$list[] = array_merge(
					array(
						'id'   => (int) $post->ID,
						'name' => Title_Data_Values::title( $post ),
					),
					$video,
					array( 'link' => Title_Data_Values::link( $post ) )
				);
			}
		}
		return $list;
	}

	/**
	 * Images of an image list column: [{id, sizes}].
	 *
	 * @param mixed $bytes Column value.
	 * @return array<int, array{id: int, sizes: array<string, string>}>
	 */
	public function images( $bytes ): array {
		$list = array();
		foreach ( Title_Data_Values::ids( $bytes ) as $id ) {
			$image = Title_Data_Values::image( $id );
			if ( null !== $image ) {
				$list[] = $image;
			}
		}
		return $list;
	}

	/**
	 * A post's terms, by shape key, for every taxonomy of its post type.
	 *
	 * @param WP_Post $post Post.
	 * @return array<string, array<int, array<string, mixed>>>
	 */
	private function terms( WP_Post $post ): array {
		$terms = array();
		foreach ( get_object_taxonomies( $post->post_type ) as $taxonomy ) {
			if ( isset( self::TERM_KEYS[ $taxonomy ] ) ) {
				$terms[ self::TERM_KEYS[ $taxonomy ] ] = Title_Data_Values::terms( $post, $taxonomy );
			}
		}
		return $terms;
	}

	/**
	 * Where to watch: the editor's list of {name, url} (`streaming_platforms`, `where_to_watch`).
	 *
	 * @param array<string, mixed> $row Title row.
	 * @return array<int, array{name: string, url: string|null}>
	 */
	private static function watch( array $row ): array {
		$list = array();
		foreach ( array( 'streaming_platforms', 'where_to_watch' ) as $column ) {
			$entries = Title_Data_Values::decode( $row[ $column ] ?? null );
			foreach ( is_array( $entries ) ? $entries : array() as $entry ) {
				$name = Title_Data_Values::text( is_array( $entry ) ? ( $entry['name'] ?? ( $entry['platform'] ?? null ) ) : $entry );
				if ( null !== $name ) {
					$list[] = array(
						'name' => $name,
						'url'  => is_array( $entry ) ? Title_Data_Values::url( $entry['url'] ?? ( $entry['link'] ?? null ) ) : null,
					);
				}
			}
		}
		return $list;
	}

	/**
	 * {average, count} from a row's rating columns.
	 *
	 * @param array<string, mixed> $row Row.
	 * @return array{average: float|null, count: int|null}
	 */
	private static function rating( array $row ): array {
		return array(
			'average' => Title_Data_Values::float( $row['average_rating'] ?? null ),
			'count'   => Title_Data_Values::int( $row['vote_count'] ?? null ),
		);
	}

	/**
	 * {id, title, link} of a readable linked post, or null.
	 *
	 * @param int      $post_id Post ID.
	 * @param string[] $types   Expected post types.
	 * @return array{id: int, title: string|null, link: string|null}|null
	 */
	public static function post_link( int $post_id, array $types ): ?array {
		$post = Title_Data::linked( $post_id, $types );
		return null === $post ? null : array(
			'id'    => (int) $post->ID,
			'title' => Title_Data_Values::title( $post ),
			'link'  => Title_Data_Values::link( $post ),
		);
	}
}
