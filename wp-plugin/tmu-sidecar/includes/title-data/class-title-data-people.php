<?php
/**
 * People in Title_Data: cast and crew lists, an episode's own credits, a person and their filmography.
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
 * Credits expanded to the person's post, name, role, order, portrait and link; unreadable people left out.
 */
final class Title_Data_People {

	/** The rows. */
	private Title_Data_Store $store;

	/**
	 * People from the store's rows.
	 *
	 * @param Title_Data_Store $store Loaded rows.
	 */
	public function __construct( Title_Data_Store $store ) {
		$this->store = $store;
	}

	/**
	 * A cast or crew list from credit rows (in the order the sync wrote them).
	 *
	 * @param array<int, array<string, mixed>> $rows Credit rows (person, job[, department]).
	 * @param bool                             $cast Cast (job is the character) or crew.
	 * @return array<int, array<string, mixed>>
	 */
	public function credits( array $rows, bool $cast ): array {
		$list = array();
		foreach ( $rows as $order => $row ) {
			$entry = $this->credit( (int) $row['person'], $cast ? 'Acting' : ( $row['department'] ?? null ), $row['job'] ?? null, $cast, $order );
			if ( null !== $entry ) {
				$list[] = $entry;
			}
		}
		return $list;
	}

	/**
	 * An episode's guest stars and crew (its `credits` column).
	 *
	 * @param array<int, array{person: int, department: string, job: string|null, cast: bool}> $credits Decoded credits.
	 * @return array{0: array<int, array<string, mixed>>, 1: array<int, array<string, mixed>>} Cast, crew.
	 */
	public function episode_credits( array $credits ): array {
		$lists = array( array(), array() );
		foreach ( $credits as $credit ) {
			$part  = $credit['cast'] ? 0 : 1;
			$entry = $this->credit( $credit['person'], $credit['department'], $credit['job'], $credit['cast'], count( $lists[ $part ] ) );
			if ( null !== $entry ) {
				$lists[ $part ][] = $entry;
			}
		}
		return $lists;
	}

	/**
	 * A person.
	 *
	 * @param WP_Post              $post Person post.
	 * @param array<string, mixed> $row  Their tmu_people row.
	 * @param bool                 $full Whether the filmography and photos are wanted.
	 * @return array<string, mixed>
	 */
	public function person( WP_Post $post, array $row, bool $full ): array {
		$profession = Title_Data_Values::decode( $row['profession'] ?? null );
		$department = is_array( $profession ) ? ( $profession[0] ?? null ) : ( $row['profession'] ?? null );
		$shape      = array(
			'kind'                 => 'person',
			'tmdb_id'              => Title_Data_Values::int( $row['tmdb_id'] ?? null ),
			'imdb_id'              => Title_Data_Values::text( $row['imdb_id'] ?? null ),
			'name'                 => Title_Data_Values::text( $row['name'] ?? null ) ?? Title_Data_Values::title( $post ),
			'biography'            => Title_Data_Values::text( $row['biography'] ?? null ),
			'birthday'             => Title_Data_Values::date( $row['date_of_birth'] ?? null ),
			'deathday'             => Title_Data_Values::date( $row['dead_on'] ?? null ),
			'birthplace'           => Title_Data_Values::text( $row['birthplace'] ?? null ),
			'gender'               => Title_Data_Values::text( $row['gender'] ?? null ),
			'known_for_department' => Title_Data_Values::text( is_string( $department ) ? $department : null ),
			'popularity'           => Title_Data_Values::float( $row['popularity'] ?? null ),
			'profile'              => Title_Data_Values::featured_image( (int) $post->ID ),
		);
		if ( ! $full ) {
			return $shape;
		}
		$shape['photos']      = array_values( array_filter( array_map( array( Title_Data_Values::class, 'image' ), Title_Data_Values::ids( $row['photos'] ?? null ) ) ) );
		$shape['social']      = self::social( $row['social_media_account'] ?? null );
		$shape['filmography'] = $this->filmography( (int) $post->ID );
		return $shape;
	}

	/**
	 * A person's readable titles, newest first: [{post_id, kind, title, link, role, department, year}].
	 *
	 * @param int $person Person post ID.
	 * @return array<int, array<string, mixed>>
	 */
	private function filmography( int $person ): array {
		$list = array();
		foreach ( $this->store->filmography[ $person ] ?? array() as $row ) {
			$title = Title_Data::linked( (int) $row['title_id'], array( (string) $row['kind'] ) );
			if ( null === $title ) {
				continue;
			}
			$list[] = array(
				'post_id'    => (int) $title->ID,
				'kind'       => $title->post_type,
				'title'      => Title_Data_Values::title( $title ),
				'link'       => Title_Data_Values::link( $title ),
				'role'       => Title_Data_Values::text( $row['job'] ?? null ),
				'department' => Title_Data_Values::text( $row['department'] ?? null ),
				'year'       => Title_Data_Values::year( $row['release_year'] ?? null ),
			);
		}
		return $list;
	}

	/**
	 * One credit, or null when the person's post is missing or not readable.
	 *
	 * @param int         $person     Person post ID.
	 * @param string|null $department Department.
	 * @param string|null $job        Character (cast) or job (crew).
	 * @param bool        $cast       Cast or crew.
	 * @param int         $order      Position in the list.
	 * @return array<string, mixed>|null
	 */
	private function credit( int $person, ?string $department, ?string $job, bool $cast, int $order ): ?array {
		$post = Title_Data::linked( $person, array( 'people' ) );
		if ( null === $post ) {
			return null;
		}
		$image = Title_Data_Values::featured_image( $person );
		return array(
			'person_id'                     => $person,
			'name'                          => Title_Data_Values::text( $this->store->people[ $person ]['name'] ?? ( $this->store->rows[ $person ]['name'] ?? null ) ) ?? Title_Data_Values::title( $post ),
			( $cast ? 'character' : 'job' ) => Title_Data_Values::text( $job ),
			'department'                    => Title_Data_Values::text( $department ) ?? ( $cast ? 'Acting' : 'Crew' ),
			'order'                         => $order,
			'profile'                       => null === $image ? null : $image['sizes'],
			'link'                          => Title_Data_Values::link( $post ),
		);
	}

	/**
	 * Social accounts: [{platform, url}] with http(s) URLs.
	 *
	 * @param mixed $bytes social_media_account column.
	 * @return array<int, array{platform: string, url: string}>
	 */
	private static function social( $bytes ): array {
		$list    = array();
		$entries = Title_Data_Values::decode( $bytes );
		foreach ( is_array( $entries ) ? $entries : array() as $entry ) {
			$url      = is_array( $entry ) ? Title_Data_Values::url( $entry['url'] ?? null ) : null;
			$platform = is_array( $entry ) ? Title_Data_Values::text( $entry['platform'] ?? null ) : null;
			if ( null !== $url && null !== $platform ) {
				$list[] = array(
					'platform' => $platform,
					'url'      => $url,
				);
			}
		}
		return $list;
	}
}
