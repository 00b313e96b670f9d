<?php
/**
 * Public, cacheable REST routes for curated lists and random picks.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

use WP_Error;
use WP_HTTP_Response;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * GET tmu/v1/lists/{slug} and GET tmu/v1/random?keyword=: served from the database only (never the
 * sidecar or TMDb), with ETag and Last-Modified, answering 304 to a matching conditional request.
 */
final class Lists_Rest {

	/** Seconds a shared cache may keep a list. */
	public const LIST_MAX_AGE = 300;

	/** Route patterns of this class, for the 304 body filter. */
	private const ROUTES = array( '#^/tmu/v1/lists/#', '#^/tmu/v1/random$#' );

	/**
	 * Lists table reader.
	 *
	 * @var Lists_Repository
	 */
	private Lists_Repository $lists;

	/**
	 * Constructor.
	 *
	 * @param Lists_Repository $lists Lists table reader.
	 */
	public function __construct( Lists_Repository $lists ) {
		$this->lists = $lists;
	}

	/**
	 * Registers the routes (rest_api_init).
	 */
	public function register_routes(): void {
		register_rest_route(
			REST_NAMESPACE,
			// Any script: a Japanese or Cyrillic title makes a percent-encoded slug, which WordPress hands over decoded.
			'/lists/(?P<slug>[^/]+)',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_list' ),
				// Public by design: a curated list is what the site shows to every visitor.
				'permission_callback' => '__return_true',
				'args'                => self::list_args(),
			)
		);

		register_rest_route(
			REST_NAMESPACE,
			'/random',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_random' ),
				// Public by design: the "pick of the day" is shown to every visitor.
				'permission_callback' => '__return_true',
				'args'                => array(
					'keyword' => array(
						'description'       => __( 'Keyword name or slug, e.g. time-travel.', 'tmu-sidecar' ),
						'type'              => 'string',
						'minLength'         => 1,
						'maxLength'         => 191,
						'required'          => true,
						'sanitize_callback' => 'sanitize_title',
					),
					'type'    => array(
						'description' => __( 'movie, or tv (TV shows and dramas); any when left out.', 'tmu-sidecar' ),
						'type'        => 'string',
						'enum'        => array( 'movie', 'tv' ),
					),
					'period'  => array(
						'description' => __( 'How long a pick stays the same: a pick of the day or of the hour.', 'tmu-sidecar' ),
						'type'        => 'string',
						'enum'        => array( 'day', 'hour' ),
						'default'     => 'day',
					),
				),
			)
		);
	}

	/**
	 * Arguments of GET tmu/v1/lists/{slug}.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function list_args(): array {
		return array(
			'slug'  => array(
				'description'       => __( 'The list slug, e.g. time-travel-spotlight-3, in any script, encoded or not.', 'tmu-sidecar' ),
				'type'              => 'string',
				'minLength'         => 1,
				'maxLength'         => 600,
				'required'          => true,
				'sanitize_callback' => array( self::class, 'normalize_slug' ),
			),
			'limit' => array(
				'description' => __( 'At most this many items.', 'tmu-sidecar' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 100,
				'default'     => 100,
			),
		);
	}

	/**
	 * The stored form of a slug as a URL or a shortcode gives it: "アニメ-5", "%E3%82%A2…-5" and
	 * "%e3%82%a2…-5" are one list (sanitize_title() encodes letters and keeps octets, in lowercase).
	 *
	 * @param mixed $slug Slug as received.
	 */
	public static function normalize_slug( $slug ): string {
		return sanitize_title( is_scalar( $slug ) ? (string) $slug : '' );
	}

	/**
	 * GET tmu/v1/lists/{slug}.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_list( WP_REST_Request $request ) {
		if ( ! $this->lists->tables_exist() ) {
			return new WP_Error( 'tmu_lists_unavailable', __( 'Curated lists are not set up yet: the sidecar creates their tables when it starts.', 'tmu-sidecar' ), array( 'status' => 503 ) );
		}
		$slug = (string) $request['slug'];
		$list = $this->lists->find_by_slug( $slug );
		if ( null === $list ) {
			/* translators: %s: list slug. */
			return new WP_Error( 'tmu_list_not_found', sprintf( __( 'No curated list "%s".', 'tmu-sidecar' ), $slug ), array( 'status' => 404 ) );
		}
		$items    = $this->lists->items( (int) $list['id'], (int) $request['limit'] );
		$modified = max( Lists_Repository::utc_time( $list['updated_at'] ?? null ), Lists_Repository::utc_time( $list['items_changed_at'] ?? null ) );
		foreach ( $items as $item ) {
			$modified = max( $modified, Lists_Repository::utc_time( $item['modified_gmt'] ) );
		}
		$meta = $this->lists->decode_filters( $list );
		$data = array(
			'id'          => (int) $list['id'],
			'slug'        => (string) $list['slug'],
			'title'       => (string) $list['title'],
			'description' => (string) $list['description'],
			'keyword'     => $meta['keyword'],
			'type'        => $meta['type'],
			'modified'    => $modified ? gmdate( 'Y-m-d\TH:i:s\Z', $modified ) : null,
			'count'       => count( $items ),
			'items'       => array_map( array( $this, 'public_item' ), $items ),
		);
		return $this->cacheable( $request, $data, $modified, self::LIST_MAX_AGE );
	}

	/**
	 * GET tmu/v1/random?keyword=: the same pick for everyone for the whole day (or hour).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_random( WP_REST_Request $request ) {
		$keyword    = (string) $request['keyword'];
		$type       = (string) ( $request['type'] ?? '' );
		$period     = 'hour' === $request['period'] ? 'hour' : 'day';
		$length     = 'hour' === $period ? HOUR_IN_SECONDS : DAY_IN_SECONDS;
		$now        = time();
		$start      = $now - ( $now % $length );
		$candidates = '' === $keyword ? array() : $this->lists->random_candidates( $keyword, $type );
		if ( array() === $candidates ) {
			/* translators: %s: keyword. */
			return new WP_Error( 'tmu_random_empty', sprintf( __( 'Nothing to pick for the keyword "%s" yet.', 'tmu-sidecar' ), $keyword ), array( 'status' => 404 ) );
		}
		// Seeded by keyword, type and period: stable (and so cacheable) until the period ends.
		$index = (int) ( sprintf( '%u', crc32( $keyword . '|' . $type . '|' . $start ) ) % count( $candidates ) );
		$items = $this->lists->present( array( $candidates[ $index ] ) );
		if ( array() === $items ) {
			return new WP_Error( 'tmu_random_empty', __( 'The picked title is not published.', 'tmu-sidecar' ), array( 'status' => 404 ) );
		}
		$data = array(
			'keyword'     => $keyword,
			'type'        => '' === $type ? null : $type,
			'period'      => $period,
			'valid_until' => gmdate( 'Y-m-d\TH:i:s\Z', $start + $length ),
			'candidates'  => count( $candidates ),
			'item'        => $this->public_item( $items[0] ),
		);
		return $this->cacheable( $request, $data, max( $start, Lists_Repository::utc_time( $items[0]['modified_gmt'] ) ), max( 60, $start + $length - $now ) );
	}

	/**
	 * Keeps the body out of a 304 answer of these routes (rest_pre_serve_request).
	 *
	 * @param mixed            $served  Whether the request was served.
	 * @param WP_HTTP_Response $result  Result.
	 * @param WP_REST_Request  $request Request.
	 * @return mixed
	 */
	public function serve_not_modified( $served, $result, $request ) {
		if ( $served || ! $result instanceof WP_HTTP_Response || ! $request instanceof WP_REST_Request || 304 !== $result->get_status() ) {
			return $served;
		}
		foreach ( self::ROUTES as $pattern ) {
			if ( 1 === preg_match( $pattern, $request->get_route() ) ) {
				return true;
			}
		}
		return $served;
	}

	/**
	 * The public fields of an item.
	 *
	 * @param array<string, mixed> $item Item from the repository.
	 * @return array<string, mixed>
	 */
	public function public_item( array $item ): array {
		return array(
			'post_id'    => $item['post_id'],
			'tmdb_id'    => $item['tmdb_id'],
			'type'       => $item['type'],
			'title'      => $item['title'],
			'permalink'  => $item['permalink'],
			'poster_url' => $item['poster_url'],
			'year'       => $item['year'],
		);
	}

	/**
	 * A 200 with ETag / Last-Modified / Cache-Control, or a 304 when the client's copy is current.
	 *
	 * @param WP_REST_Request      $request  Request.
	 * @param array<string, mixed> $data     Body.
	 * @param int                  $modified Last change, Unix seconds (0 = unknown).
	 * @param int                  $max_age  Seconds a cache may keep it.
	 */
	private function cacheable( WP_REST_Request $request, array $data, int $modified, int $max_age ): WP_REST_Response {
		$etag    = '"' . md5( (string) wp_json_encode( $data ) ) . '"';
		$headers = array(
			'ETag'          => $etag,
			'Cache-Control' => 'public, max-age=' . $max_age,
			'Vary'          => 'Accept-Encoding',
		);
		if ( $modified > 0 ) {
			$headers['Last-Modified'] = gmdate( 'D, d M Y H:i:s', $modified ) . ' GMT';
		}
		$status = $this->not_modified( $request, $etag, $modified ) ? 304 : 200;
		return new WP_REST_Response( 304 === $status ? null : $data, $status, $headers );
	}

	/**
	 * If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
	 *
	 * @param WP_REST_Request $request  Request.
	 * @param string          $etag     Current ETag.
	 * @param int             $modified Last change.
	 */
	private function not_modified( WP_REST_Request $request, string $etag, int $modified ): bool {
		$if_none_match = (string) $request->get_header( 'if_none_match' );
		if ( '' !== $if_none_match ) {
			foreach ( explode( ',', $if_none_match ) as $candidate ) {
				$candidate = trim( $candidate );
				if ( '*' === $candidate || preg_replace( '#^W/#', '', $candidate ) === $etag ) {
					return true;
				}
			}
			return false;
		}
		$since = (string) $request->get_header( 'if_modified_since' );
		if ( '' === $since || 0 === $modified ) {
			return false;
		}
		$time = strtotime( $since );
		return false !== $time && $modified <= $time;
	}
}
