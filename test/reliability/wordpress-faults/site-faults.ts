/**
 * Faults inside WordPress itself: a must-use plugin (PHP notices printed into every REST answer with
 * display_errors on, a tight time limit, slow post inserts) steered by a JSON file the test rewrites,
 * and a full uploads disk (a small tmpfs mounted over uploads, filled up on demand).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface SiteFaults {
  /** Print a PHP warning in front of every REST answer (display_errors on, output buffered as php.ini does). */
  notice: boolean;
  /** set_time_limit() for REST requests, in seconds (0: none). */
  timeLimitS: number;
  /** CPU spent per post insert (save_post, not updates), in ms (0: none). */
  slowInsertMs: number;
}

/**
 * The slow insert burns CPU rather than sleeping: PHP's max_execution_time on Linux counts CPU time,
 * so a sleep would never reach it and the time limit would not be tested.
 */
const FAULT_PLUGIN = `<?php
/**
 * Plugin Name: Reliability faults
 * Description: Written by test/reliability/wordpress-faults/site-faults.ts.
 */
declare(strict_types=1);
if ( ! defined( 'ABSPATH' ) ) {
	exit;
}
function tmu_reliability_faults(): array {
	static $faults = null;
	if ( null === $faults ) {
		$raw    = @file_get_contents( WP_CONTENT_DIR . '/reliability-faults.json' );
		$faults = is_string( $raw ) ? (array) json_decode( $raw, true ) : array();
	}
	return $faults;
}
add_action(
	'rest_api_init',
	static function (): void {
		$faults = tmu_reliability_faults();
		if ( ! empty( $faults['timeLimitS'] ) ) {
			set_time_limit( (int) $faults['timeLimitS'] );
		}
		if ( ! empty( $faults['notice'] ) ) {
			ini_set( 'display_errors', '1' );
			ini_set( 'html_errors', '1' );
			ob_start();
			$legacy = array();
			echo $legacy['tmu_reliability_legacy_option'];
		}
	}
);
add_action(
	'save_post',
	static function ( int $post_id, $post, bool $update ): void {
		$ms = (int) ( tmu_reliability_faults()['slowInsertMs'] ?? 0 );
		if ( $update || $ms <= 0 || 'attachment' === $post->post_type || 'revision' === $post->post_type ) {
			return;
		}
		$until = microtime( true ) + $ms / 1000;
		while ( microtime( true ) < $until ) {
			$post_id ^= 1;
		}
	},
	10,
	3
);
`;

export class SiteFaultControl {
  constructor(private readonly wpDir: string) {
    fs.writeFileSync(path.join(wpDir, 'wp-content', 'mu-plugins', 'reliability-faults.php'), FAULT_PLUGIN);
  }

  set(faults: SiteFaults): void {
    // Read on every request (file_get_contents is not cached), so a change holds from the next request on.
    const file = path.join(this.wpDir, 'wp-content', 'reliability-faults.json');
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(faults));
    fs.renameSync(`${file}.tmp`, file);
  }
}

const FILLER = '.reliability-filler';

/** A tmpfs over WordPress's uploads folder (the test runs as root), which fill() makes full. */
export class UploadsDisk {
  private constructor(
    private readonly dir: string,
    readonly how: string,
  ) {}

  static mount(dir: string, sizeMb: number): UploadsDisk {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0777`, 'tmpfs', dir]);
    return new UploadsDisk(dir, `tmpfs of ${sizeMb} MB mounted over uploads`);
  }

  /** Writes a filler until the disk refuses another byte. */
  fill(): void {
    const fd = fs.openSync(path.join(this.dir, FILLER), 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) fs.writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      fs.closeSync(fd);
    }
    // The last partial block: byte by byte until nothing fits.
    const tail = fs.openSync(path.join(this.dir, `${FILLER}-tail`), 'w');
    try {
      for (;;) fs.writeSync(tail, Buffer.alloc(512, 1));
    } catch {
      // full
    } finally {
      fs.closeSync(tail);
    }
  }

  free(): void {
    fs.rmSync(path.join(this.dir, FILLER), { force: true });
    fs.rmSync(path.join(this.dir, `${FILLER}-tail`), { force: true });
  }

  unmount(): void {
    try {
      execFileSync('umount', ['-l', this.dir]);
    } catch {
      // already gone
    }
  }

  /** Is a file one of the filler's (not WordPress's)? */
  static isFiller(name: string): boolean {
    return name.startsWith(FILLER);
  }
}
