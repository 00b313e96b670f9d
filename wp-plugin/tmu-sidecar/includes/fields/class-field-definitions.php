<?php
/**
 * Which tmu_* columns an editor can change, per post type, and how each is edited.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * One definition per TMU post type: its row (ID = post ID), the object type the sync's fingerprints
 * use for that row (docs/editing.md) and its editable columns, in the order the box shows them.
 *
 * Field kinds: text, textarea, url, date, number, select (options), finished (per column format),
 * names (a comma list in php, [{"name"}] in json), profession (text in php, a list in json),
 * group (a list of entries with sub-fields; `person` and `post` sub-fields pick a post),
 * ids (a list of post IDs of one type; `attachment` ones must be images), object (one entry with sub-fields), credits (an episode's
 * cast and crew group), rows (a title's cast or crew link rows, `part` says which: not a column of
 * the row, but one field all the same, see Credits_Writer).
 */
final class Field_Definitions {

	/** US film and TV ratings, the certification select's choices (a stored value outside them is kept as a choice). */
	public const CERTIFICATIONS = array( 'G', 'PG', 'PG-13', 'R', 'NC-17', 'NR', 'TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA' );

	/**
	 * The definition of a post type, or null when it has no editable row.
	 *
	 * @param string $post_type Post type.
	 * @return array{table: string, object_type: string, insertable: bool, fields: array<string, array<string, mixed>>}|null
	 */
	public static function for_post_type( string $post_type ): ?array {
		switch ( $post_type ) {
			case 'movie':
				return self::title( 'tmu_movies', 'movie', array( 'budget', 'revenue' ) );
			case 'tv':
				return self::title( 'tmu_tv_series', 'tv', array( 'finished', 'schedule_time', 'last_season', 'last_episode' ) );
			case 'drama':
				return self::title( 'tmu_dramas', 'drama', array( 'finished', 'schedule_time' ) );
			case 'season':
				return self::season();
			case 'episode':
				return self::episode( 'tmu_tv_series_episodes', 'episode' );
			case 'drama-episode':
				return self::episode( 'tmu_dramas_episodes', 'drama-episode' );
			case 'people':
				return self::person();
			case 'video':
				return self::video();
		}
		return null;
	}

	/**
	 * A movie, TV series or drama row: the shared columns plus the type's own.
	 *
	 * @param string   $table       Table without prefix.
	 * @param string   $object_type Fingerprint object type.
	 * @param string[] $extra       The type's own columns.
	 */
	private static function title( string $table, string $object_type, array $extra ): array {
		$own    = array(
			'budget'        => self::field( 'number', __( 'Budget (USD)', 'tmu-sidecar' ) ),
			'revenue'       => self::field( 'number', __( 'Revenue (USD)', 'tmu-sidecar' ) ),
			'finished'      => self::field( 'finished', __( 'Finished', 'tmu-sidecar' ) ),
			'schedule_time' => self::field( 'text', __( 'Schedule time', 'tmu-sidecar' ) ),
			'last_season'   => self::field( 'number', __( 'Current season', 'tmu-sidecar' ) ),
			'last_episode'  => self::field( 'number', __( 'Current episode', 'tmu-sidecar' ) ),
		);
		$fields = array(
			'release_date'     => self::field( 'date', __( 'Release date', 'tmu-sidecar' ) ),
			'original_title'   => self::field( 'text', __( 'Original title', 'tmu-sidecar' ) ),
			'tagline'          => self::field( 'text', __( 'Tagline', 'tmu-sidecar' ) ),
			'runtime'          => self::field( 'number', __( 'Runtime (minutes)', 'tmu-sidecar' ) ),
			'certification'    => self::field( 'select', __( 'Certification', 'tmu-sidecar' ), array( 'options' => array_combine( self::CERTIFICATIONS, self::CERTIFICATIONS ) ) ),
			'production_house' => self::field( 'names', __( 'Production companies (comma-separated)', 'tmu-sidecar' ) ),
			'homepage'         => self::field( 'url', __( 'Homepage', 'tmu-sidecar' ) ),
		);
		foreach ( $extra as $key ) {
			$fields[ $key ] = $own[ $key ];
		}
		$fields['star_cast']           = self::star_cast_field();
		$fields['cast_rows']           = self::rows_field( 'cast' );
		$fields['crew_rows']           = self::rows_field( 'crew' );
		$fields['streaming_platforms'] = self::watch_field();
		$fields['videos']              = self::field(
			'ids',
			__( 'Videos', 'tmu-sidecar' ),
			array(
				'post_type'  => 'video',
				'item_label' => __( 'Video', 'tmu-sidecar' ),
			)
		);
		$fields['images']              = self::images_field( __( 'Images', 'tmu-sidecar' ) );
		return self::row( $table, $object_type, true, $fields );
	}

	/**
	 * A TV season row.
	 */
	private static function season(): array {
		return self::row(
			'tmu_tv_series_seasons',
			'season',
			false,
			array(
				'season_name'    => self::field( 'text', __( 'Season name', 'tmu-sidecar' ) ),
				'air_date'       => self::field( 'date', __( 'Air date', 'tmu-sidecar' ) ),
				'total_episodes' => self::field( 'number', __( 'Episodes', 'tmu-sidecar' ) ),
				'overview'       => self::field( 'textarea', __( 'Overview', 'tmu-sidecar' ) ),
			)
		);
	}

	/**
	 * A video row: its key, kind and platform.
	 */
	private static function video(): array {
		return self::row(
			'tmu_videos',
			'video',
			false,
			array(
				'video_data' => self::field(
					'object',
					__( 'Video', 'tmu-sidecar' ),
					array(
						'sub' => array(
							'source'       => array(
								'kind'    => 'key',
								'label'   => __( 'YouTube or Vimeo key', 'tmu-sidecar' ),
								'require' => true,
							),
							'content_type' => array(
								'kind'  => 'text',
								'label' => __( 'Kind (Trailer, Teaser, Clip…)', 'tmu-sidecar' ),
							),
							'platform'     => array(
								'kind'    => 'select',
								'label'   => __( 'Platform', 'tmu-sidecar' ),
								'options' => array(
									''      => 'YouTube',
									'Vimeo' => 'Vimeo',
								),
							),
						),
					)
				),
			)
		);
	}

	/**
	 * A title's star cast: person and character, in order.
	 */
	private static function star_cast_field(): array {
		return self::field(
			'group',
			__( 'Star cast', 'tmu-sidecar' ),
			array(
				'sub'     => array(
					'person'    => array(
						'kind'    => 'person',
						'label'   => __( 'Person', 'tmu-sidecar' ),
						'require' => true,
					),
					'character' => array(
						'kind'  => 'text',
						'label' => __( 'Character', 'tmu-sidecar' ),
					),
				),
				'summary' => array( 'person', 'character' ),
			)
		);
	}

	/**
	 * A gallery column (a title's `images`, a person's `photos`): attachment IDs of images, in order.
	 *
	 * @param string $label Label.
	 */
	private static function images_field( string $label ): array {
		return self::field(
			'ids',
			$label,
			array(
				'post_type'  => 'attachment',
				'item_label' => __( 'Image', 'tmu-sidecar' ),
			)
		);
	}

	/**
	 * A title's full cast or crew: its link rows (tmu_*_cast, tmu_*_crew), not a column of the row.
	 *
	 * @param string $part 'cast' or 'crew'.
	 */
	private static function rows_field( string $part ): array {
		$sub = array(
			'person' => array(
				'kind'    => 'person',
				'label'   => __( 'Person', 'tmu-sidecar' ),
				'require' => true,
			),
		);
		if ( 'crew' === $part ) {
			$sub['department'] = array(
				'kind'  => 'text',
				'label' => __( 'Department', 'tmu-sidecar' ),
			);
		}
		$sub['job'] = array(
			'kind'  => 'text',
			'label' => 'crew' === $part ? __( 'Job', 'tmu-sidecar' ) : __( 'Character', 'tmu-sidecar' ),
		);
		return self::field(
			'rows',
			'crew' === $part ? __( 'Crew', 'tmu-sidecar' ) : __( 'Cast', 'tmu-sidecar' ),
			array(
				'part'    => $part,
				'sub'     => $sub,
				'summary' => array_keys( $sub ),
			)
		);
	}

	/**
	 * Where to watch: provider and link, in order.
	 */
	private static function watch_field(): array {
		return self::field(
			'group',
			__( 'Where to watch', 'tmu-sidecar' ),
			array(
				'sub'     => array(
					'name' => array(
						'kind'    => 'text',
						'label'   => __( 'Provider', 'tmu-sidecar' ),
						'require' => true,
					),
					'url'  => array(
						'kind'  => 'url',
						'label' => __( 'Link', 'tmu-sidecar' ),
					),
				),
				'summary' => array( 'name', 'url' ),
			)
		);
	}

	/**
	 * A TV or drama episode row.
	 *
	 * @param string $table       Table without prefix.
	 * @param string $object_type Fingerprint object type.
	 */
	private static function episode( string $table, string $object_type ): array {
		return self::row(
		$table,
		$object_type,
		false,
		array(
			'episode_title' => self::field( 'text', __( 'Episode title', 'tmu-sidecar' ) ),
			'air_date'      => self::field( 'date', __( 'Air date', 'tmu-sidecar' ) ),
			'episode_type'  => self::field(
				'select',
				__( 'Episode type', 'tmu-sidecar' ),
				array(
					'options' => array(
						'standard'   => __( 'Standard', 'tmu-sidecar' ),
						'mid_season' => __( 'Mid-season', 'tmu-sidecar' ),
						'finale'     => __( 'Finale', 'tmu-sidecar' ),
					),
				)
			),
			'runtime'       => self::field( 'number', __( 'Runtime (minutes)', 'tmu-sidecar' ) ),
			'overview'      => self::field( 'textarea', __( 'Overview', 'tmu-sidecar' ) ),
			'credits'       => self::field( 'credits', __( 'Cast and crew', 'tmu-sidecar' ) ),
		)
		);
	}

	/** A people row. */
	private static function person(): array {
		return self::row(
		'tmu_people',
		'person',
		true,
		array(
			'date_of_birth'        => self::field( 'date', __( 'Date of birth', 'tmu-sidecar' ) ),
			'dead_on'              => self::field( 'date', __( 'Date of death', 'tmu-sidecar' ) ),
			'gender'               => self::field(
				'select',
				__( 'Gender', 'tmu-sidecar' ),
				array(
					'options' => array(
						'Female'        => __( 'Female', 'tmu-sidecar' ),
						'Male'          => __( 'Male', 'tmu-sidecar' ),
						'Not Specified' => __( 'Not specified', 'tmu-sidecar' ),
					),
				)
			),
			'birthplace'           => self::field( 'text', __( 'Birthplace', 'tmu-sidecar' ) ),
			'nick_name'            => self::field( 'text', __( 'Nickname', 'tmu-sidecar' ) ),
			'marital_status'       => self::field( 'text', __( 'Marital status', 'tmu-sidecar' ) ),
			'profession'           => self::field( 'profession', __( 'Profession', 'tmu-sidecar' ) ),
			'net_worth'            => self::field( 'number', __( 'Net worth (USD)', 'tmu-sidecar' ) ),
			'biography'            => self::field( 'textarea', __( 'Biography', 'tmu-sidecar' ) ),
			'social_media_account' => self::field(
				'group',
				__( 'Social media', 'tmu-sidecar' ),
				array(
					'sub'     => array(
						'platform' => array(
							'kind'    => 'text',
							'label'   => __( 'Platform', 'tmu-sidecar' ),
							'require' => true,
						),
						'url'      => array(
							'kind'    => 'url',
							'label'   => __( 'Link', 'tmu-sidecar' ),
							'require' => true,
						),
					),
					'summary' => array( 'platform', 'url' ),
				)
			),
			'photos'               => self::images_field( __( 'Photos', 'tmu-sidecar' ) ),
		)
		);
	}

	/**
	 * A field.
	 *
	 * @param string               $kind  Kind.
	 * @param string               $label Label.
	 * @param array<string, mixed> $extra Kind's settings.
	 * @return array<string, mixed>
	 */
	private static function field( string $kind, string $label, array $extra = array() ): array {
		return array_merge(
			array(
				'kind'  => $kind,
				'label' => $label,
			),
			$extra
		);
	}

	/**
	 * A row definition.
	 *
	 * @param string                              $table       Table without prefix.
	 * @param string                              $object_type Fingerprint object type.
	 * @param bool                                $insertable  Whether the box may create the row before the first sync.
	 * @param array<string, array<string, mixed>> $fields      Fields.
	 */
	private static function row( string $table, string $object_type, bool $insertable, array $fields ): array {
		return array(
			'table'       => $table,
			'object_type' => $object_type,
			'insertable'  => $insertable,
			'fields'      => $fields,
		);
	}
}
