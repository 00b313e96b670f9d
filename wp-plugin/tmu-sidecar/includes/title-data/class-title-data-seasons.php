<?php
/**
 * Seasons and episodes in Title_Data: a series' seasons, each with its episodes.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Readable season and episode posts of a series, with their numbers, names and links.
 */
final class Title_Data_Seasons {

	/** The rows. */
	private Title_Data_Store $store;

	/**
	 * Seasons from the store's rows.
	 *
	 * @param Title_Data_Store $store Loaded rows.
	 */
	public function __construct( Title_Data_Store $store ) {
		$this->store = $store;
	}

	/**
	 * A series' readable seasons, each with its readable episodes.
	 *
	 * @param int $series Series post ID.
	 * @return array<int, array<string, mixed>>
	 */
	public function of_series( int $series ): array {
		$list = array();
		foreach ( $this->store->seasons[ $series ] ?? array() as $row ) {
			$season = Title_Data::linked( (int) $row['ID'], array( 'season' ) );
			if ( null === $season ) {
				continue;
			}
			$number = Title_Data_Values::int( $row['season_no'] ?? null );
			$list[] = array(
				'id'            => (int) $season->ID,
				'number'        => $number,
				'name'          => Title_Data_Values::text( $row['season_name'] ?? null ) ?? Title_Data_Values::title( $season ),
				'air_date'      => Title_Data_Values::date( $row['air_date'] ?? null, $row['air_date_timestamp'] ?? null ),
				'episode_count' => Title_Data_Values::int( $row['total_episodes'] ?? null ),
				'link'          => Title_Data_Values::link( $season ),
				'episodes'      => $this->episodes_of( $series, (int) $season->ID, $number ),
			);
		}
		return array_merge( $list, $this->seasons_without_posts( $series ) );
	}

	/**
	 * Seasons known only from their episodes' numbers (a drama's seasons have no post): {id: null, …}.
	 *
	 * @param int $series Series post ID.
	 * @return array<int, array<string, mixed>>
	 */
	private function seasons_without_posts( int $series ): array {
		$numbers = array();
		foreach ( $this->store->seasons[ $series ] ?? array() as $row ) {
			$numbers[ (int) $row['season_no'] ] = false;
		}
		foreach ( $this->store->episodes[ $series ] ?? array() as $row ) {
			$number = Title_Data_Values::int( $row['season_no'] ?? null ) ?? 1;
			if ( (int) ( $row['season_id'] ?? 0 ) <= 0 && ! isset( $numbers[ $number ] ) ) {
				$numbers[ $number ] = true;
			}
		}
		$list = array();
		foreach ( array_keys( array_filter( $numbers ) ) as $number ) {
			$episodes = $this->episodes_of( $series, 0, $number );
			$list[]   = array(
				'id'            => null,
				'number'        => $number,
				'name'          => null,
				'air_date'      => $episodes[0]['air_date'] ?? null,
				'episode_count' => count( $episodes ),
				'link'          => null,
				'episodes'      => $episodes,
			);
		}
		return $list;
	}

	/**
	 * A season's readable episodes: those pointing at the season, else (older rows) with its number.
	 *
	 * @param int      $series Series post ID.
	 * @param int      $season Season post ID.
	 * @param int|null $number Season number.
	 * @return array<int, array<string, mixed>>
	 */
	public function episodes_of( int $series, int $season, ?int $number ): array {
		$list = array();
		foreach ( $this->store->episodes[ $series ] ?? array() as $row ) {
			$own = (int) ( $row['season_id'] ?? 0 );
			if ( $own > 0 ? $own !== $season : ( Title_Data_Values::int( $row['season_no'] ?? null ) ?? 1 ) !== $number ) {
				continue;
			}
			$episode = Title_Data::linked( (int) $row['ID'], array( 'episode', 'drama-episode' ) );
			if ( null === $episode ) {
				continue;
			}
			$list[] = array(
				'id'       => (int) $episode->ID,
				'number'   => Title_Data_Values::int( $row['episode_no'] ?? null ),
				'name'     => Title_Data_Values::text( $row['episode_title'] ?? null ) ?? Title_Data_Values::title( $episode ),
				'overview' => Title_Data_Values::text( $row['overview'] ?? null ),
				'air_date' => Title_Data_Values::date( $row['air_date'] ?? null ),
				'link'     => Title_Data_Values::link( $episode ),
			);
		}
		return $list;
	}
}
