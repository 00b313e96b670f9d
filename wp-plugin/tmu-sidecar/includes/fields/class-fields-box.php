<?php
/**
 * The "TMU fields" box: every editable tmu_* column of the post, with edited marks.
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
 * Renders the fields of Field_Definitions for the post being edited (classic editor, and the block
 * editor's meta box area), each with its label, its error from the last save and, when an editor
 * changed it, "Edited; TMDb now says: …" with a "Use TMDb's value" button; "Revert all" for the box.
 */
final class Fields_Box {

	public const ID = 'tmu-fields-box';

	/**
	 * Row access.
	 *
	 * @var Fields_Store
	 */
	private Fields_Store $store;

	/**
	 * Group renderer.
	 *
	 * @var Repeatable_Fields
	 */
	private Repeatable_Fields $groups;

	/**
	 * Links to seasons and episodes.
	 *
	 * @var Title_Children
	 */
	private Title_Children $children;

	/**
	 * Constructor.
	 *
	 * @param Fields_Store      $store    Row access.
	 * @param Repeatable_Fields $groups   Group renderer.
	 * @param Title_Children    $children Links to seasons and episodes.
	 */
	public function __construct( Fields_Store $store, Repeatable_Fields $groups, Title_Children $children ) {
		$this->store    = $store;
		$this->groups   = $groups;
		$this->children = $children;
	}

	/**
	 * Registers the box on every TMU post type with a row (add_meta_boxes).
	 *
	 * @param string $post_type Post type.
	 */
	public function add( $post_type ): void {
		if ( is_string( $post_type ) && null !== Field_Definitions::for_post_type( $post_type ) ) {
			add_meta_box( self::ID, __( 'TMU fields', 'tmu-sidecar' ), array( $this, 'render' ), $post_type, 'normal', 'high' );
		}
	}

	/**
	 * The box.
	 *
	 * @param WP_Post $post Post being edited.
	 */
	public function render( $post ): void {
		if ( ! $post instanceof WP_Post ) {
			return;
		}
		$definition = Field_Definitions::for_post_type( $post->post_type );
		if ( null === $definition ) {
			return;
		}
		$row    = $this->store->read( $definition, $post->ID );
		$refused = Fields_Save::take_errors( $post->ID );
		$errors  = $refused['errors'];
		$edited = null === $row ? array() : $this->store->edited( new Edit_Fingerprints( $GLOBALS['wpdb'] ), $definition, $post->ID, $row );
		echo '<div class="tmu-fields" id="tmu-fields" data-post-id="' . esc_attr( (string) $post->ID ) . '">';
		wp_nonce_field( Fields_Save::NONCE_ACTION . '_' . $post->ID, Fields_Save::NONCE_NAME );
		echo '<p class="tmu-fields-status screen-reader-text" id="tmu-fields-status" role="status" aria-live="polite"></p>';
		if ( isset( $errors['_row'] ) ) {
			echo '<div class="notice notice-error inline" id="tmu-fields-row-error"><p>' . esc_html( $errors['_row'] ) . '</p></div>';
		}
		if ( array() !== $errors ) {
			echo '<div class="notice notice-error inline" id="tmu-fields-errors" role="alert"><p>' . esc_html__( 'Some fields were not saved: see the messages next to them.', 'tmu-sidecar' ) . '</p></div>';
		}
		if ( null === $row && ! $definition['insertable'] ) {
			echo '<p class="description" id="tmu-fields-empty">' . esc_html__( 'Nothing synced yet: the fields appear after the first sync of its title.', 'tmu-sidecar' ) . '</p>';
		} else {
			$this->render_revert_all( $edited );
			foreach ( $definition['fields'] as $key => $field ) {
				$this->render_field( (string) $key, $field, null === $row ? null : ( $row[ $key ] ?? null ), $errors[ $key ] ?? '', $edited, $refused['typed'][ $key ] ?? null );
			}
		}
		$this->children->render( $post );
		// Last input of the box: missing from a save when PHP's max_input_vars cut the form short.
		echo '<input type="hidden" name="' . esc_attr( Fields_Save::INPUT . '[' . Fields_Save::COMPLETE . ']' ) . '" value="1" />';
		echo '</div>';
	}

	/**
	 * Some fields as the box prints them now, and the "Revert all" line ('' when no field is edited):
	 * what "Use TMDb's value" and "Revert all" put in place of the old ones without a reload.
	 *
	 * @param int           $post_id Post ID.
	 * @param array<string> $keys    Columns.
	 * @return array{fields: array<string, string>, summary: string}
	 */
	public function fields_markup( int $post_id, array $keys ): array {
		$post_type  = get_post_type( $post_id );
		$definition = false === $post_type ? null : Field_Definitions::for_post_type( $post_type );
		$row        = null === $definition ? null : $this->store->read( $definition, $post_id );
		if ( null === $definition || null === $row ) {
			return array(
				'fields'  => array(),
				'summary' => '',
			);
		}
		$edited = $this->store->edited( new Edit_Fingerprints( $GLOBALS['wpdb'] ), $definition, $post_id, $row );
		$fields = array();
		foreach ( $keys as $key ) {
			if ( isset( $definition['fields'][ $key ] ) ) {
				ob_start();
				$this->render_field( $key, $definition['fields'][ $key ], $row[ $key ] ?? null, '', $edited );
				$fields[ $key ] = (string) ob_get_clean();
			}
		}
		ob_start();
		$this->render_revert_all( $edited );
		return array(
			'fields'  => $fields,
			'summary' => (string) ob_get_clean(),
		);
	}

	/**
	 * "Revert all", when some field is edited.
	 *
	 * @param array<string, string|null> $edited Edited fields.
	 */
	private function render_revert_all( array $edited ): void {
		if ( array() === $edited ) {
			return;
		}
		echo '<p class="tmu-fields-summary" id="tmu-fields-summary">';
		/* translators: %d: number of edited fields. */
		echo esc_html( sprintf( _n( '%d field was edited here and is kept at every sync.', '%d fields were edited here and are kept at every sync.', count( $edited ), 'tmu-sidecar' ), count( $edited ) ) ) . ' ';
		echo '<button type="button" class="button tmu-fields-revert-all" id="tmu-fields-revert-all">' . esc_html__( 'Revert all to TMDb', 'tmu-sidecar' ) . '</button>';
		echo '</p>';
	}

	/**
	 * One field: label, input, error and edited mark.
	 *
	 * @param string                     $key    Column.
	 * @param array<string, mixed>       $field  Field definition.
	 * @param string|null                $bytes  Stored bytes.
	 * @param string                     $error  Error of the last save.
	 * @param array<string, string|null> $edited Edited fields.
	 * @param string|null                $typed  What the last save refused for this field, shown again.
	 */
	private function render_field( string $key, array $field, ?string $bytes, string $error, array $edited, ?string $typed = null ): void {
		$id       = 'tmu-field-' . $key;
		$is_group = in_array( $field['kind'], array( 'group', 'ids', 'object', 'credits', 'rows' ), true );
		$notes    = array();
		if ( '' !== $error ) {
			$notes[] = $id . '-error';
		}
		if ( array_key_exists( $key, $edited ) ) {
			$notes[] = $id . '-edited';
		}
		$classes = 'tmu-field tmu-field--' . $field['kind'] . ( array_key_exists( $key, $edited ) ? ' tmu-field--edited' : '' ) . ( '' !== $error ? ' tmu-field--invalid' : '' );
		echo '<div class="' . esc_attr( $classes ) . '" id="' . esc_attr( $id ) . '" data-field="' . esc_attr( $key ) . '">';
		$value = null !== $typed && ! $is_group ? $typed : Field_Values::form_value( $field, $bytes );
		if ( $is_group ) {
			$this->groups->render( $key, $field, $value, implode( ' ', $notes ) );
		} else {
			echo '<label for="' . esc_attr( $id . '-input' ) . '">' . esc_html( (string) $field['label'] ) . '</label>';
			$this->render_input( $key, $field, (string) $value, implode( ' ', $notes ), '' !== $error );
		}
		if ( '' !== $error ) {
			echo '<p class="tmu-field-error" id="' . esc_attr( $id . '-error' ) . '">' . esc_html( $error ) . '</p>';
		}
		if ( array_key_exists( $key, $edited ) ) {
			$this->render_edited( $key, $field, $edited[ $key ] );
		}
		echo '</div>';
	}

	/**
	 * A scalar's input.
	 *
	 * @param string               $key     Column.
	 * @param array<string, mixed> $field   Field definition.
	 * @param string               $value   Form value.
	 * @param string               $notes   IDs describing the input.
	 * @param bool                 $invalid Whether the last save refused it.
	 */
	private function render_input( string $key, array $field, string $value, string $notes, bool $invalid ): void {
		$attrs = sprintf(
			'id="%1$s" name="%2$s"%3$s%4$s',
			esc_attr( 'tmu-field-' . $key . '-input' ),
			esc_attr( Fields_Save::INPUT . '[' . $key . ']' ),
			'' !== $notes ? ' aria-describedby="' . esc_attr( $notes ) . '"' : '',
			$invalid ? ' aria-invalid="true"' : ''
		);
		switch ( $field['kind'] ) {
			case 'textarea':
				echo '<textarea class="widefat" rows="4" ' . $attrs . '>' . esc_textarea( $value ) . '</textarea>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- $attrs escaped above.
				return;
			case 'select':
			case 'finished':
				$options = 'finished' === $field['kind'] ? array(
					'yes' => __( 'Yes', 'tmu-sidecar' ),
					'no'  => __( 'No', 'tmu-sidecar' ),
				) : (array) $field['options'];
				if ( '' !== $value && ! array_key_exists( $value, $options ) ) {
					$options[ $value ] = $value;
				}
				echo '<select ' . $attrs . '><option value="">' . esc_html__( '— None —', 'tmu-sidecar' ) . '</option>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- $attrs escaped above.
				foreach ( $options as $option => $label ) {
					echo '<option value="' . esc_attr( (string) $option ) . '"' . selected( (string) $option, $value, false ) . '>' . esc_html( (string) $label ) . '</option>';
				}
				echo '</select>';
				return;
		}
		$types = array(
			'date'   => 'date',
			'number' => 'number" min="0" step="1',
			'url'    => 'url',
		);
		$type  = $types[ $field['kind'] ] ?? 'text';
		if ( 'date' === $field['kind'] && '' !== $value && 1 !== preg_match( '/^\d{4}-\d{2}-\d{2}$/', $value ) ) {
			// A date input would show a stored '1999' or '15/10/1999' as empty, and save it away.
			$type = 'text';
		}
		echo '<input class="widefat" type="' . $type . '" value="' . Field_Values::html( $value ) . '" ' . $attrs . ' />'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- $type from the constant above, $attrs escaped above, the value by Field_Values::html().
	}

	/**
	 * "Edited; TMDb now says: …" and "Use TMDb's value".
	 *
	 * @param string               $key   Column.
	 * @param array<string, mixed> $field Field definition.
	 * @param string|null          $tmdb  TMDb's bytes, null when not known yet.
	 */
	private function render_edited( string $key, array $field, ?string $tmdb ): void {
		echo '<p class="tmu-field-edited" id="' . esc_attr( 'tmu-field-' . $key . '-edited' ) . '">';
		if ( null === $tmdb ) {
			echo esc_html__( 'Edited; TMDb\'s value comes with the next sync.', 'tmu-sidecar' );
		} else {
			$says = Field_Values::summary( $field, $tmdb );
			echo esc_html__( 'Edited; TMDb now says:', 'tmu-sidecar' ) . ' <q class="tmu-field-tmdb">' . Field_Values::html( '' !== $says ? $says : __( '(nothing)', 'tmu-sidecar' ) ) . '</q> '; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by Field_Values::html().
			/* translators: %s: field label. */
			$label = sprintf( __( 'Use TMDb\'s value for %s', 'tmu-sidecar' ), (string) $field['label'] );
			echo '<button type="button" class="button button-small tmu-use-tmdb" data-field="' . esc_attr( $key ) . '" aria-label="' . esc_attr( $label ) . '">' . esc_html__( 'Use TMDb\'s value', 'tmu-sidecar' ) . '</button>';
		}
		echo '</p>';
	}

	/**
	 * Loads the box's script and style on the edit screens of the TMU types (admin_enqueue_scripts).
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public function enqueue_assets( $hook_suffix ): void {
		if ( ! in_array( $hook_suffix, array( 'post.php', 'post-new.php' ), true ) ) {
			return;
		}
		$post = get_post();
		if ( ! $post instanceof WP_Post || null === Field_Definitions::for_post_type( $post->post_type ) ) {
			return;
		}
		wp_enqueue_style( 'tmu-sidecar-fields-box', plugins_url( 'assets/css/fields-box.css', PLUGIN_FILE ), array(), VERSION );
		wp_enqueue_script( 'tmu-sidecar-fields-box', plugins_url( 'assets/js/fields-box.js', PLUGIN_FILE ), array( 'wp-api-fetch', 'wp-i18n', 'wp-a11y' ), VERSION, true );
		Scripts::translate( 'tmu-sidecar-fields-box' );
		$config = array(
			'postId'    => $post->ID,
			'namespace' => '/' . REST_NAMESPACE,
			'restBases' => array(),
		);
		foreach ( array( 'people', 'video' ) as $type ) {
			$object                         = get_post_type_object( $type );
			$config['restBases'][ $type ] = null !== $object && is_string( $object->rest_base ) && '' !== $object->rest_base ? $object->rest_base : $type;
		}
		wp_add_inline_script( 'tmu-sidecar-fields-box', 'window.tmuSidecarFields = ' . wp_json_encode( $config ) . ';', 'before' );
	}
}
