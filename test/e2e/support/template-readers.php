<?php
/**
 * Reads tmu_* rows the way TMU's templates do, with every PHP notice and
 * deprecation on, and reports each one. Input (argv[1], JSON):
 *   { "readers": { table: { column: kind } }, "rows": { table: [ row, ... ] } }
 * kinds (docs/columns.md):
 *   unserialize           unserialize($x), no check        (legacy single-person.php: videos)
 *   checked-unserialize   $x ? unserialize($x) : []        (legacy star_cast, videos, rwmb_meta fields)
 *   silenced-unserialize  $x ? @unserialize($x) : []       (legacy seasons, episode credits)
 *   silenced-unchecked    @unserialize($x)                 (legacy drama schedule_day)
 *   json                  !empty($x) ? json_decode($x, true) : []   (newer theme blocks)
 * Output (stdout, JSON): { "checked": n, "problems": [ "table#ID.column: message" ], "decoded": { table: { ID: { column: value } } } }
 */

// No strict_types: TMU's templates run in coercive mode, where unserialize(null)
// is a deprecation (what this script looks for), not a TypeError.
error_reporting( E_ALL );

$where    = '';
$problems = array();
set_error_handler(
	static function ( int $errno, string $message ) use ( &$where, &$problems ): bool {
		// A template that silences a call with @ hides it from the log too.
		if ( ! ( error_reporting() & $errno ) ) {
			return false;
		}
		$problems[] = "{$where}: {$message}";
		return true;
	}
);

function tmu_read( string $kind, $value ) {
	switch ( $kind ) {
		case 'unserialize':
			return unserialize( $value );
		case 'checked-unserialize':
			return $value ? unserialize( $value ) : array();
		case 'silenced-unserialize':
			return $value ? @unserialize( $value ) : array();
		case 'silenced-unchecked':
			return @unserialize( $value );
		case 'json':
			return ! empty( $value ) ? json_decode( $value, true ) : array();
	}
	throw new InvalidArgumentException( "unknown reader {$kind}" );
}

$input   = json_decode( (string) file_get_contents( $argv[1] ), true, 512, JSON_THROW_ON_ERROR );
$checked = 0;
$decoded = array();
foreach ( $input['rows'] as $table => $rows ) {
	foreach ( $rows as $row ) {
		foreach ( $input['readers'][ $table ] ?? array() as $column => $kind ) {
			if ( ! array_key_exists( $column, $row ) ) {
				continue;
			}
			$where  = "{$table}#{$row['ID']}.{$column}";
			$value  = $row[ $column ];
			$result = tmu_read( $kind, $value );
			++$checked;
			if ( 'json' === $kind && ! empty( $value ) && JSON_ERROR_NONE !== json_last_error() ) {
				$problems[] = "{$where}: json_decode failed: " . json_last_error_msg();
			}
			if ( false === $result && is_string( $value ) && '' !== $value && 'b:0;' !== $value ) {
				$problems[] = "{$where}: unserialize failed";
			}
			$decoded[ $table ][ (string) $row['ID'] ][ $column ] = $result;
		}
	}
}

echo json_encode(
	array(
		'checked'  => $checked,
		'problems' => $problems,
		'decoded'  => $decoded,
	),
	JSON_THROW_ON_ERROR
);
