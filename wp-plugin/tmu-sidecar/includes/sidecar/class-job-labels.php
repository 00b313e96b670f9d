<?php
/**
 * Job and log types in words.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * The sidecar names its job types for its own code (people.refresh, title.complete); screens
 * show them in words. A type this map does not know yet is shown as it is, never hidden.
 */
final class Job_Labels {

	/**
	 * The label of a job type (or a sync log type such as schedule:daily).
	 *
	 * @param string $type Internal name.
	 */
	public static function type( string $type ): string {
		$labels = array(
			'sync'            => __( 'Title sync', 'tmu-sidecar' ),
			'bulk'            => __( 'Bulk sync', 'tmu-sidecar' ),
			'import'          => __( 'Import', 'tmu-sidecar' ),
			'changes'         => __( 'Daily sync', 'tmu-sidecar' ),
			'refresh'         => __( 'Weekly full sync', 'tmu-sidecar' ),
			'discover'        => __( 'Discovery', 'tmu-sidecar' ),
			'list.refresh'    => __( 'List refresh', 'tmu-sidecar' ),
			'people.refresh'  => __( 'People details', 'tmu-sidecar' ),
			'title.complete'  => __( 'Images and people', 'tmu-sidecar' ),
			'schedule:daily'  => __( 'Daily sync', 'tmu-sidecar' ),
			'schedule:weekly' => __( 'Weekly full sync', 'tmu-sidecar' ),
			'movie'           => __( 'Movie', 'tmu-sidecar' ),
			'tv'              => __( 'TV show', 'tmu-sidecar' ),
			'drama'           => __( 'Drama', 'tmu-sidecar' ),
			'person'          => __( 'Person', 'tmu-sidecar' ),
		);
		return $labels[ $type ] ?? $type;
	}
}
