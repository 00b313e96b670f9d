<?php
/**
 * Reads sync jobs straight from the sidecar's jobs table.
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
 * `{$wpdb->prefix}tmu_sync_jobs`: id, type, payload, status, attempts, progress, error,
 * created_at, started_at, finished_at (plus lease columns the plugin ignores).
 */
final class Jobs_Repository {

	public const STATUSES = array( 'queued', 'running', 'succeeded', 'failed', 'partial', 'cancelled' );

	/**
	 * The table name with the site's prefix.
	 */
	public function table(): string {
		global $wpdb;
		return $wpdb->prefix . 'tmu_sync_jobs';
	}

	/**
	 * Whether the sidecar's migrations have created the table.
	 */
	public function table_exists(): bool {
		global $wpdb;
		$table = $this->table();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- the sidecar owns this table.
		$found = $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) );
		return is_string( $found ) && strtolower( $found ) === strtolower( $table );
	}

	/**
	 * One job in the shape of the sidecar's GET /jobs/:id (docs/http-contract.md), or an error.
	 *
	 * @param int $id Job id.
	 * @return array<string, mixed>|WP_Error
	 */
	public function find( int $id ) {
		global $wpdb;
		if ( ! $this->table_exists() ) {
			return new WP_Error(
				'tmu_jobs_unavailable',
				__( 'The sync jobs table does not exist yet: start the sidecar once (it runs its migrations) against this database.', 'tmu-sidecar' ),
				array( 'status' => 503 )
			);
		}
		$table = $this->table();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name from $wpdb->prefix; live job state must not be cached.
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM `{$table}` WHERE id = %d", $id ), ARRAY_A );
		if ( '' !== $wpdb->last_error && null === $row ) {
			return new WP_Error(
				'tmu_jobs_unavailable',
				__( 'The sync jobs table could not be read.', 'tmu-sidecar' ),
				array( 'status' => 503 )
			);
		}
		if ( ! is_array( $row ) ) {
			return new WP_Error(
				'tmu_job_not_found',
				/* translators: %d: job id. */
				sprintf( __( 'Sync job %d does not exist.', 'tmu-sidecar' ), $id ),
				array( 'status' => 404 )
			);
		}
		return $this->to_response( $row );
	}

	/**
	 * The background completions (`title.complete` jobs) an import or a bulk queued for the titles it made live:
	 * how many titles there are, how many were completed and how many failed. A job holds its title and those
	 * merged into it while it waited (`more`), so titles are counted in the payloads, and a job that ended with
	 * failures counts its completed titles from its progress. The sidecar stores each payload with `parent_job`
	 * first, so the job's completions are the rows whose payload starts with it.
	 *
	 * @param int $parent_id Import or bulk job id.
	 * @return array{total: int, done: int, failed: int}
	 */
	public function background_of( int $parent_id ): array {
		global $wpdb;
		$counts = array(
			'total'  => 0,
			'done'   => 0,
			'failed' => 0,
		);
		$table  = $this->table();
		$prefix = $wpdb->esc_like( '{"parent_job":' . $parent_id . ',' ) . '%';
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- table name from $wpdb->prefix; live job state.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT status, payload, progress FROM `{$table}` WHERE type = 'title.complete' AND payload LIKE %s", $prefix ), ARRAY_A );
		foreach ( (array) $rows as $row ) {
			$payload          = $this->decode( $row['payload'] ?? null );
			$more             = is_array( $payload ) && isset( $payload['more'] ) && is_array( $payload['more'] ) ? count( $payload['more'] ) : 0;
			$titles           = 1 + $more;
			$status           = $row['status'] ?? '';
			$counts['total'] += $titles;
			if ( in_array( $status, array( 'succeeded', 'cancelled' ), true ) ) {
				$counts['done'] += $titles;
			} elseif ( in_array( $status, array( 'partial', 'failed' ), true ) ) {
				$done              = min( $titles, $this->int_field( $this->decode( $row['progress'] ?? null ), 'done' ) );
				$counts['done']   += $done;
				$counts['failed'] += $titles - $done;
			}
		}
		return $counts;
	}

	/**
	 * The newest job of a type still queued or running, so a screen that starts such jobs picks it up again;
	 * with $requested_by, only a job that user asked for (another user's job is not theirs to follow).
	 *
	 * @param string   $type         Job type (bulk, import, ...).
	 * @param int|null $requested_by WordPress user id, or null for any job.
	 */
	public function newest_unfinished( string $type, ?int $requested_by = null ): ?int {
		global $wpdb;
		if ( ! $this->table_exists() ) {
			return null;
		}
		$table = $this->table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- table name from $wpdb->prefix; live job state.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT id, payload FROM `{$table}` WHERE type = %s AND status IN ('queued', 'running') ORDER BY id DESC LIMIT 50", $type ), ARRAY_A );
		foreach ( (array) $rows as $row ) {
			$payload = $this->decode( $row['payload'] ?? null );
			if ( null === $requested_by || self::requester_in( $payload ) === $requested_by ) {
				return (int) $row['id'];
			}
		}
		return null;
	}

	/**
	 * The decoded payload of a job (what Retry sends again), or an empty array.
	 *
	 * @param int $id Job id.
	 * @return array<string, mixed>
	 */
	public function payload_of( int $id ): array {
		global $wpdb;
		if ( ! $this->table_exists() ) {
			return array();
		}
		$table = $this->table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.DirectDatabaseQuery.DirectQuery,WordPress.DB.DirectDatabaseQuery.NoCaching -- table name from $wpdb->prefix.
		$payload = $this->decode( $wpdb->get_var( $wpdb->prepare( "SELECT payload FROM `{$table}` WHERE id = %d", $id ) ) );
		return is_array( $payload ) ? $payload : array();
	}

	/**
	 * The WordPress user who asked for a job (payload `requested_by`), or null: scheduled work, or the job is unknown.
	 *
	 * @param int $id Job id.
	 */
	public function requester_of( int $id ): ?int {
		$payload = $this->payload_of( $id );
		return self::requester_in( $payload );
	}

	/**
	 * The `requested_by` of a decoded payload: a WordPress user id (the sidecar keeps only positive ones), or null.
	 *
	 * @param mixed $payload Decoded job payload.
	 */
	private static function requester_in( $payload ): ?int {
		$user = is_array( $payload ) && isset( $payload['requested_by'] ) && is_numeric( $payload['requested_by'] ) ? (int) $payload['requested_by'] : 0;
		return $user > 0 ? $user : null;
	}

	/**
	 * Maps a table row to the sidecar's job shape.
	 *
	 * @param array<string, mixed> $row Row.
	 * @return array<string, mixed>
	 */
	public function to_response( array $row ): array {
		$payload  = $this->decode( $row['payload'] ?? null );
		$progress = $this->decode( $row['progress'] ?? null );
		$status   = (string) ( $row['status'] ?? 'queued' );

		$response = array(
			'id'           => (int) $row['id'],
			'type'         => (string) ( $row['type'] ?? '' ),
			'status'       => in_array( $status, self::STATUSES, true ) ? $status : 'queued',
			'attempts'     => (int) ( $row['attempts'] ?? 0 ),
			'progress'     => array(
				'done'   => $this->int_field( $progress, 'done' ),
				'failed' => $this->int_field( $progress, 'failed' ),
				'total'  => $this->int_field( $progress, 'total' ),
				'step'   => isset( $progress['step'] ) && is_string( $progress['step'] ) ? $progress['step'] : '',
			),
			'log'          => $this->log_lines( $progress ),
			'errors'       => $this->errors( $progress, $row['error'] ?? null, $payload ),
			'error'        => isset( $row['error'] ) && '' !== (string) $row['error'] ? $this->error_message( $row['error'] ) : null,
			'target'       => array(
				'type'    => is_array( $payload ) && isset( $payload['type'] ) && is_string( $payload['type'] ) ? $payload['type'] : null,
				'tmdb_id' => is_array( $payload ) && isset( $payload['tmdb_id'] ) && is_numeric( $payload['tmdb_id'] ) ? (int) $payload['tmdb_id'] : null,
				'post_id' => $this->post_id_of( $payload, $progress ),
			),
			'requested_by' => self::requester_in( $payload ),
			'created_at'   => $this->iso_time( $row['created_at'] ?? null ),
			'started_at'   => $this->iso_time( $row['started_at'] ?? null ),
			'finished_at'  => $this->iso_time( $row['finished_at'] ?? null ),
		);
		return $response;
	}

	/**
	 * Decodes a JSON text column (or passes arrays through).
	 *
	 * @param mixed $value Column value.
	 * @return mixed
	 */
	private function decode( $value ) {
		if ( is_array( $value ) ) {
			return $value;
		}
		if ( ! is_string( $value ) || '' === $value ) {
			return null;
		}
		$decoded = json_decode( $value, true );
		return JSON_ERROR_NONE === json_last_error() ? $decoded : $value;
	}

	/**
	 * An integer field of the progress object.
	 *
	 * @param mixed  $progress Decoded progress.
	 * @param string $key      Field.
	 */
	private function int_field( $progress, string $key ): int {
		return is_array( $progress ) && isset( $progress[ $key ] ) && is_numeric( $progress[ $key ] ) ? (int) $progress[ $key ] : 0;
	}

	/**
	 * The last log lines of the progress object, as strings.
	 *
	 * @param mixed $progress Decoded progress.
	 * @return string[]
	 */
	private function log_lines( $progress ): array {
		if ( ! is_array( $progress ) || ! isset( $progress['log'] ) || ! is_array( $progress['log'] ) ) {
			return array();
		}
		$lines = array();
		foreach ( array_slice( $progress['log'], -50 ) as $entry ) {
			if ( is_string( $entry ) ) {
				$lines[] = $entry;
			} elseif ( is_array( $entry ) && isset( $entry['message'] ) && is_string( $entry['message'] ) ) {
				$lines[] = $entry['message'];
			}
		}
		return $lines;
	}

	/**
	 * The errors list: progress.errors ([{tmdb_id, post_id, message}], what the sidecar writes), else the
	 * error column (JSON list or plain text).
	 *
	 * @param mixed $progress Decoded progress.
	 * @param mixed $error    Error column.
	 * @param mixed $payload  Decoded payload.
	 * @return array<int, array{tmdb_id:int|null, post_id:int|null, message:string}>
	 */
	private function errors( $progress, $error, $payload ): array {
		if ( is_array( $progress ) && isset( $progress['errors'] ) && is_array( $progress['errors'] ) && array() !== $progress['errors'] ) {
			$error = $progress['errors'];
		}
		if ( null === $error || '' === $error || array() === $error ) {
			return array();
		}
		$decoded = $this->decode( $error );
		if ( is_array( $decoded ) && isset( $decoded['message'] ) ) {
			$decoded = array( $decoded );
		}
		if ( is_array( $decoded ) && array_is_list( $decoded ) ) {
			$errors = array();
			foreach ( $decoded as $entry ) {
				if ( is_array( $entry ) && isset( $entry['message'] ) ) {
					$errors[] = array(
						'tmdb_id' => isset( $entry['tmdb_id'] ) && is_numeric( $entry['tmdb_id'] ) ? (int) $entry['tmdb_id'] : null,
						'post_id' => isset( $entry['post_id'] ) && is_numeric( $entry['post_id'] ) ? (int) $entry['post_id'] : null,
						'message' => (string) $entry['message'],
					);
				} elseif ( is_string( $entry ) ) {
					$errors[] = array(
						'tmdb_id' => null,
						'post_id' => null,
						'message' => $entry,
					);
				}
			}
			return $errors;
		}
		return array(
			array(
				'tmdb_id' => is_array( $payload ) && isset( $payload['tmdb_id'] ) && is_numeric( $payload['tmdb_id'] ) ? (int) $payload['tmdb_id'] : null,
				'post_id' => is_array( $payload ) && isset( $payload['post_id'] ) && is_numeric( $payload['post_id'] ) ? (int) $payload['post_id'] : null,
				'message' => is_string( $decoded ) ? $decoded : (string) $error,
			),
		);
	}

	/**
	 * A one-line message for the error column.
	 *
	 * @param mixed $error Error column.
	 */
	private function error_message( $error ): string {
		$decoded = $this->decode( $error );
		if ( is_string( $decoded ) ) {
			return $decoded;
		}
		if ( is_array( $decoded ) && isset( $decoded['message'] ) && is_string( $decoded['message'] ) ) {
			return $decoded['message'];
		}
		if ( is_array( $decoded ) && isset( $decoded[0]['message'] ) && is_string( $decoded[0]['message'] ) ) {
			return $decoded[0]['message'];
		}
		return (string) $error;
	}

	/**
	 * The WordPress post the job is about: from the payload, else from the result the sidecar recorded.
	 *
	 * @param mixed $payload  Decoded payload.
	 * @param mixed $progress Decoded progress.
	 */
	private function post_id_of( $payload, $progress ): ?int {
		if ( is_array( $payload ) && isset( $payload['post_id'] ) && is_numeric( $payload['post_id'] ) ) {
			return (int) $payload['post_id'];
		}
		if ( is_array( $progress ) && isset( $progress['post_id'] ) && is_numeric( $progress['post_id'] ) ) {
			return (int) $progress['post_id'];
		}
		return null;
	}

	/**
	 * ISO 8601 in UTC with milliseconds (as the sidecar's GET /jobs/:id) for a DATETIME(3) column
	 * (stored in UTC) or a Unix time in seconds or milliseconds.
	 *
	 * @param mixed $value Column value.
	 */
	private function iso_time( $value ): ?string {
		if ( null === $value || '' === $value || ( is_string( $value ) && str_starts_with( $value, '0000-00-00' ) ) ) {
			return null;
		}
		$utc = new \DateTimeZone( 'UTC' );
		try {
			if ( is_numeric( $value ) ) {
				$milliseconds = (float) $value;
				if ( $milliseconds < 100000000000 ) {
					$milliseconds *= 1000;
				}
				$time = \DateTimeImmutable::createFromFormat( 'U.u', sprintf( '%.3F', $milliseconds / 1000 ), $utc );
			} else {
				$time = new \DateTimeImmutable( (string) $value, $utc );
			}
		} catch ( \Exception $e ) {
			return (string) $value;
		}
		return false === $time ? (string) $value : $time->setTimezone( $utc )->format( 'Y-m-d\TH:i:s.v\Z' );
	}
}
