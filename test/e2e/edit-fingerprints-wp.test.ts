/**
 * The edited-fields contract in one WordPress database, both halves for real: the plugin's
 * Edit_Fingerprints, Column_Codec and Credits_Writer inside WordPress 6.1 (MariaDB), and the
 * sidecar's guard (editor-guard.ts) writing the same rows. An edit recorded by the plugin is kept
 * by the sync with TMDb's value beside it; "Use TMDb's value" makes the next sync refresh the field.
 */
import type { Knex } from 'knex';
import { createColumnCodec } from '../../src/mappers/column-codec';
import { createDatabase, migrateToLatest } from '../../src/repositories/database';
import { createRepositories, Repositories } from '../../src/repositories/repositories';
import { fingerprint, guardedTitleUpsert } from '../../src/services/sync/editor-guard';
import { movieRow } from '../support/factories';
import { startWordPressStack, WordPressStack } from './support/wordpress-stack';

jest.setTimeout(300_000);

const WP_PORT = 18157;
const php = createColumnCodec('php');

describe('Edit_Fingerprints and Credits_Writer (WordPress) with the sidecar’s guard on one database', () => {
  let wp: WordPressStack;
  let db: Knex;
  let repos: Repositories;
  let ids: { movie: number; people: number[] };

  /** Runs PHP in WordPress with $f (Edit_Fingerprints), $t (tmu_movies) and $row (the movie's row); returns its JSON. */
  const inWordPress = async (code: string): Promise<any> => {
    const out = await wp.runPhp(`
      global $wpdb;
      $f = new \\TMU\\Sidecar\\Edit_Fingerprints( $wpdb );
      $t = $wpdb->prefix . 'tmu_movies';
      $id = ${ids.movie};
      $read = function () use ( $wpdb, $t, $id ) { return $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$t} WHERE ID = %d", $id ), ARRAY_A ); };
      $row = $read();
      ${code}
    `);
    return JSON.parse(out.slice(out.indexOf('{')));
  };
  const movie = async () => db(`${wp.tablePrefix}tmu_movies`).where({ ID: ids.movie }).first();
  const print = async (field: string) => db(`${wp.tablePrefix}tmu_sync_fingerprints`).where({ object_type: 'movie', object_id: ids.movie, field }).first('hash', 'tmdb_value');
  /** A sync of the movie with these TMDb values. */
  const sync = (values: Record<string, unknown>) => guardedTitleUpsert(repos, 'movies', 'movie', movieRow({ ID: ids.movie, tmdb_id: 550, star_cast: stars(), ...values }));
  const stars = () =>
    php.encode([
      { person: ids.people[0], character: 'Narrator' },
      { person: ids.people[1], character: 'Tyler' },
    ]);

  beforeAll(async () => {
    wp = await startWordPressStack({ port: WP_PORT, dbName: `tmu_e2e_d_${process.pid}` });
    db = createDatabase(wp.db.url);
    await migrateToLatest(db, wp.tablePrefix);
    repos = createRepositories(db, wp.tablePrefix);
    const out = await wp.runPhp(`
      $make = function ( $type, $title ) { return wp_insert_post( array( 'post_type' => $type, 'post_title' => $title, 'post_status' => 'publish' ) ); };
      echo wp_json_encode( array( 'movie' => $make( 'movie', 'Fight Club' ), 'people' => array( $make( 'people', 'Edward Norton' ), $make( 'people', 'Brad Pitt' ), $make( 'people', 'Helena' ) ) ) );
    `);
    ids = JSON.parse(out.slice(out.indexOf('{')));
    await sync({ runtime: 139 });
    await repos.movies.replaceCast(ids.movie, [
      { person: ids.people[0], job: 'Narrator', release_year: 939945600 },
      { person: ids.people[1], job: 'Tyler', release_year: 939945600 },
      { person: ids.people[2], job: 'Marla', release_year: 939945600 },
    ]);
  });
  afterAll(async () => {
    await db?.destroy();
    await wp?.stop();
  });

  it('fingerprints the row as the sidecar does: nothing reads as edited after a sync', async () => {
    expect(await inWordPress(`echo wp_json_encode( array( 'edited' => (object) $f->edited_fields( 'movie', $id, $row ), 'runtime' => $f::of( $row['runtime'] ) ) );`)).toEqual(
      {
        edited: {},
        runtime: fingerprint(139),
      },
    );
  });

  it('records the editor’s edits; the sync keeps them and stores TMDb’s current value beside each', async () => {
    const answer = await inWordPress(`
      $f->record_edit( 'movie', $id, 'runtime', $row['runtime'] );
      $wpdb->update( $t, array( 'runtime' => 150 ), array( 'ID' => $id ) );
      $stars = \\TMU\\Sidecar\\Column_Codec::decode( $row['star_cast'] );
      $edited = array( array( 'person' => $stars[1]['person'], 'character' => 'Tyler (editor)' ), $stars[0] );
      $f->record_edit( 'movie', $id, 'star_cast', $row['star_cast'] );
      $wpdb->update( $t, array( 'star_cast' => \\TMU\\Sidecar\\Column_Codec::encode( $edited, \\TMU\\Sidecar\\Column_Codec::site_format() ) ), array( 'ID' => $id ) );
      $cast = ( new \\TMU\\Sidecar\\Credits_Writer( $wpdb ) )->write_cast( 'movie', $id, $edited );
      $links = array( array( 'name' => 'Our cinema', 'url' => 'https://example.org/fc' ) );
      $f->record_edit( 'movie', $id, 'streaming_platforms', $row['streaming_platforms'] );
      $wpdb->update( $t, array( 'streaming_platforms' => \\TMU\\Sidecar\\Column_Codec::encode( $links, 'php' ) ), array( 'ID' => $id ) );
      echo wp_json_encode( array( 'edited' => $f->edited_fields( 'movie', $id, $read() ), 'cast' => $cast ) );
    `);
    expect(answer).toEqual({ edited: { runtime: '139', star_cast: stars(), streaming_platforms: null }, cast: true });
    const cast = await db(`${wp.tablePrefix}tmu_movies_cast`).where({ movie: ids.movie }).orderBy('ID');
    expect(cast.map((r) => [Number(r.person), r.job])).toEqual([
      [ids.people[1], 'Tyler (editor)'],
      [ids.people[0], 'Narrator'],
      [ids.people[2], 'Marla'],
    ]);

    // TMDb now says 140 minutes and lists Netflix: the sync keeps every edited field.
    const netflix = php.encode([{ name: 'Netflix', url: null }]);
    const kept = await sync({ runtime: 140, streaming_platforms: netflix, tagline: 'Mischief. Mayhem. Soap.' });
    expect(kept.sort()).toEqual(['runtime', 'star_cast', 'streaming_platforms']);
    expect(await movie()).toMatchObject({
      runtime: 150,
      streaming_platforms: php.encode([{ name: 'Our cinema', url: 'https://example.org/fc' }]),
      tagline: 'Mischief. Mayhem. Soap.',
    });
    expect((await print('runtime'))?.tmdb_value).toBe('140');
    expect((await print('streaming_platforms'))?.tmdb_value).toBe(netflix);
    expect((await print('star_cast'))?.tmdb_value).toBe(stars());
    expect(await inWordPress(`echo wp_json_encode( array( 'edited' => $f->edited_fields( 'movie', $id, $row ) ) );`)).toEqual({
      edited: { runtime: '140', star_cast: stars(), streaming_platforms: netflix },
    });
  });

  it('"Use TMDb’s value" puts TMDb’s value back, and the next sync refreshes the field again', async () => {
    const answer = await inWordPress(`
      $value = $f->accept_tmdb( 'movie', $id, 'runtime' );
      $wpdb->update( $t, array( 'runtime' => $value ), array( 'ID' => $id ) );
      echo wp_json_encode( array( 'value' => $value, 'edited' => array_keys( $f->edited_fields( 'movie', $id, $read() ) ) ) );
    `);
    expect(answer).toEqual({ value: '140', edited: ['star_cast', 'streaming_platforms'] });
    expect(await print('runtime')).toEqual({ hash: fingerprint(140), tmdb_value: null });

    const kept = await sync({ runtime: 141 });
    expect(kept.sort()).toEqual(['star_cast']);
    expect((await movie()).runtime).toBe(141);
    expect((await print('runtime'))?.tmdb_value).toBeNull();
  });

  it('knows the site’s column format: the one the sidecar reported, else the one its rows were written in', async () => {
    const out = await wp.runPhp(`
      $c = '\\TMU\\Sidecar\\Column_Codec';
      delete_option( $c::FORMAT_OPTION );
      $before = $c::site_format();
      $c::remember_format( 'json' );
      $reported = $c::site_format();
      $c::remember_format( 'yaml' );
      echo wp_json_encode( array( $before, $reported, $c::site_format(), get_option( $c::FORMAT_OPTION ) ) );
    `);
    expect(JSON.parse(out.slice(out.indexOf('[')))).toEqual(['php', 'json', 'json', 'json']);
    // A json-format site that has not pushed its settings since the update: its rows say json.
    await db(`${wp.tablePrefix}tmu_movies`)
      .where({ ID: ids.movie })
      .update({ star_cast: JSON.stringify([{ person: ids.people[0], character: 'Narrator' }]) });
    const inferred = await wp.runPhp(`delete_option( '${'tmu_sidecar_column_format'}' ); echo \\TMU\\Sidecar\\Column_Codec::site_format();`);
    expect(inferred.trim().slice(-4)).toBe('json');
  });
});
