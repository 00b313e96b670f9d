<?php
/**
 * Repeatable groups of the fields box: star cast, a title's cast and crew rows, an episode's credits,
 * where-to-watch links, social accounts, videos.
 *
 * @package TMU\Sidecar
 */

declare(strict_types=1);

namespace TMU\Sidecar;

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * A group is a fieldset with a legend; each entry a list item with labelled inputs, "Move up",
 * "Move down" and "Remove" buttons (assets/js/fields-box.js adds drag and drop, the people picker
 * and the announcements). Input names carry the entry's position, so the order the editor leaves
 * is the order saved, with or without the script.
 */
final class Repeatable_Fields {

	/**
	 * A group, a list of IDs, one object or an episode's credits.
	 *
	 * @param string               $key   Column.
	 * @param array<string, mixed> $field Field definition.
	 * @param mixed                $value Field_Values::form_value().
	 * @param string               $notes IDs describing the group (error, edited mark).
	 */
	public function render( string $key, array $field, $value, string $notes ): void {
		$name = Fields_Save::INPUT . '[' . $key . ']';
		$this->open_fieldset( 'tmu-fieldset-' . $key, (string) $field['label'], $notes );
		// Posted even when every entry is removed, so that "no entries" is saved too.
		echo '<input type="hidden" name="' . esc_attr( $name ) . '" value="" />';
		switch ( $field['kind'] ) {
			case 'object':
				$this->render_cells( 'tmu-field-' . $key, $name, (array) $field['sub'], (array) $value );
				break;
			case 'ids':
				$sub = array(
					'' => array(
						'kind'      => 'post',
						'post_type' => (string) $field['post_type'],
						'label'     => (string) ( $field['item_label'] ?? __( 'Video', 'tmu-sidecar' ) ),
					),
				);
				$this->render_rows( $key, $name, $sub, array_map( fn( $id ) => array( '' => (string) $id ), (array) $value ) );
				break;
			case 'credits':
				foreach ( self::credit_groups() as $part => $group ) {
					$this->open_fieldset( 'tmu-fieldset-' . $key . '-' . $part, $group['label'], '' );
					$this->render_rows( $key . '-' . $part, $name . '[' . $part . ']', $group['sub'], (array) ( $value[ $part ] ?? array() ) );
					echo '</fieldset>';
				}
				break;
			case 'rows':
				// A title's whole cast or crew: one query for all the people's titles, folded until opened (open when refused).
				_prime_post_caches( array_filter( array_map( fn( array $entry ): int => (int) ( $entry['person'] ?? 0 ), (array) $value ) ), false, false );
				$count = count( (array) $value );
				// With the script, the entries are posted as one JSON value in the hidden input above (data-input), not one input each: a long crew stays within max_input_vars.
				echo '<details class="tmu-rows" data-input="' . esc_attr( $name ) . '"' . ( false !== strpos( $notes, '-error' ) ? ' open' : '' ) . '><summary>';
				/* translators: %d: number of entries. */
				echo esc_html( sprintf( _n( '%d entry: show', '%d entries: show', $count, 'tmu-sidecar' ), $count ) ) . '</summary>';
				$this->render_rows( $key, $name, (array) $field['sub'], (array) $value );
				echo '</details>';
				break;
			default:
				$this->render_rows( $key, $name, (array) $field['sub'], (array) $value );
		}
		echo '</fieldset>';
	}

	/**
	 * The cast and crew parts of an episode's credits.
	 *
	 * @return array<string, array{label: string, sub: array<string, array<string, mixed>>}>
	 */
	private static function credit_groups(): array {
		$person = array(
			'kind'  => 'person',
			'label' => __( 'Person', 'tmu-sidecar' ),
		);
		return array(
			'cast' => array(
				'label' => __( 'Cast', 'tmu-sidecar' ),
				'sub'   => array(
					'person'    => $person,
					'character' => array(
						'kind'  => 'text',
						'label' => __( 'Character', 'tmu-sidecar' ),
					),
				),
			),
			'crew' => array(
				'label' => __( 'Crew', 'tmu-sidecar' ),
				'sub'   => array(
					'person'     => $person,
					'department' => array(
						'kind'  => 'text',
						'label' => __( 'Department', 'tmu-sidecar' ),
					),
					'job'        => array(
						'kind'  => 'text',
						'label' => __( 'Job', 'tmu-sidecar' ),
					),
				),
			),
		);
	}

	/**
	 * Opens a fieldset with its legend.
	 *
	 * @param string $id    Element ID.
	 * @param string $label Legend.
	 * @param string $notes IDs describing it.
	 */
	private function open_fieldset( string $id, string $label, string $notes ): void {
		echo '<fieldset class="tmu-repeat" id="' . esc_attr( $id ) . '"' . ( '' !== $notes ? ' aria-describedby="' . esc_attr( $notes ) . '"' : '' ) . '>';
		echo '<legend>' . esc_html( $label ) . '</legend>';
	}

	/**
	 * The entries, a template for new ones and the "Add" button.
	 *
	 * @param string                              $id      ID stem.
	 * @param string                              $name    Input name stem.
	 * @param array<string, array<string, mixed>> $sub     Sub-fields ('' = the entry is the value).
	 * @param array<int, array<string, string>>   $entries Entries.
	 */
	private function render_rows( string $id, string $name, array $sub, array $entries ): void {
		echo '<ol class="tmu-repeat-rows" data-name="' . esc_attr( $name ) . '" data-id="' . esc_attr( $id ) . '">';
		foreach ( array_values( $entries ) as $index => $entry ) {
			$this->render_row( $id, $name, $sub, $entry, (string) $index );
		}
		echo '</ol>';
		echo '<template class="tmu-repeat-template">';
		$this->render_row( $id, $name, $sub, array(), '__i__' );
		echo '</template>';
		echo '<p><button type="button" class="button tmu-repeat-add">' . esc_html__( 'Add entry', 'tmu-sidecar' ) . '</button></p>';
	}

	/**
	 * One entry.
	 *
	 * @param string                              $id    ID stem.
	 * @param string                              $name  Input name stem.
	 * @param array<string, array<string, mixed>> $sub   Sub-fields.
	 * @param array<string, string>               $entry Values.
	 * @param string                              $index Position, or __i__ in the template.
	 */
	private function render_row( string $id, string $name, array $sub, array $entry, string $index ): void {
		$number = '__i__' === $index ? '__n__' : (string) ( (int) $index + 1 );
		echo '<li class="tmu-repeat-row" draggable="true">';
		echo '<span class="tmu-repeat-handle dashicons dashicons-menu" aria-hidden="true" title="' . esc_attr__( 'Drag to reorder', 'tmu-sidecar' ) . '"></span>';
		/* translators: %s: entry number. */
		echo '<span class="tmu-repeat-number" aria-hidden="true">' . esc_html( sprintf( __( '%s.', 'tmu-sidecar' ), $number ) ) . '</span>';
		$this->render_cells( $id . '-' . $index, $name . '[' . $index . ']', $sub, $entry );
		echo '<span class="tmu-repeat-actions">';
		/* translators: %s: entry number. */
		printf( '<button type="button" class="button button-small tmu-move-up" aria-label="%1$s">%2$s</button>', esc_attr( sprintf( __( 'Move entry %s up', 'tmu-sidecar' ), $number ) ), esc_html__( 'Up', 'tmu-sidecar' ) );
		/* translators: %s: entry number. */
		printf( '<button type="button" class="button button-small tmu-move-down" aria-label="%1$s">%2$s</button>', esc_attr( sprintf( __( 'Move entry %s down', 'tmu-sidecar' ), $number ) ), esc_html__( 'Down', 'tmu-sidecar' ) );
		/* translators: %s: entry number. */
		printf( '<button type="button" class="button button-small button-link-delete tmu-remove" aria-label="%1$s">%2$s</button>', esc_attr( sprintf( __( 'Remove entry %s', 'tmu-sidecar' ), $number ) ), esc_html__( 'Remove', 'tmu-sidecar' ) );
		echo '</span></li>';
	}

	/**
	 * Labelled inputs of an entry.
	 *
	 * @param string                              $id    ID stem.
	 * @param string                              $name  Input name stem.
	 * @param array<string, array<string, mixed>> $sub   Sub-fields.
	 * @param array<string, string>               $entry Values.
	 */
	private function render_cells( string $id, string $name, array $sub, array $entry ): void {
		foreach ( $sub as $key => $def ) {
			$input_id   = '' === $key ? $id : $id . '-' . $key;
			$input_name = '' === $key ? $name : $name . '[' . $key . ']';
			$value      = (string) ( $entry[ $key ] ?? '' );
			echo '<span class="tmu-repeat-cell tmu-repeat-cell--' . esc_attr( (string) $def['kind'] ) . '">';
			if ( in_array( $def['kind'], array( 'person', 'post' ), true ) ) {
				$this->render_picker( $input_id, $input_name, $def, $value );
			} elseif ( 'select' === $def['kind'] ) {
				echo '<label for="' . esc_attr( $input_id ) . '">' . esc_html( (string) $def['label'] ) . '</label>';
				echo '<select id="' . esc_attr( $input_id ) . '" name="' . esc_attr( $input_name ) . '">';
				foreach ( (array) $def['options'] as $option => $label ) {
					echo '<option value="' . esc_attr( (string) $option ) . '"' . selected( (string) $option, $value, false ) . '>' . esc_html( (string) $label ) . '</option>';
				}
				echo '</select>';
			} else {
				echo '<label for="' . esc_attr( $input_id ) . '">' . esc_html( (string) $def['label'] ) . '</label>';
				echo '<input type="' . ( 'url' === $def['kind'] ? 'url' : 'text' ) . '" class="regular-text" id="' . esc_attr( $input_id ) . '" name="' . esc_attr( $input_name ) . '" value="' . Field_Values::html( $value ) . '" />'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by Field_Values::html().
			}
			echo '</span>';
		}
	}

	/**
	 * A post picker: the post ID (works without the script) and, with it, a search over that type's posts.
	 *
	 * @param string               $id    Input ID.
	 * @param string               $name  Input name.
	 * @param array<string, mixed> $def   Sub-field.
	 * @param string               $value Post ID.
	 */
	private function render_picker( string $id, string $name, array $def, string $value ): void {
		$type   = 'person' === $def['kind'] ? 'people' : (string) $def['post_type'];
		$picked = '' !== $value && '0' !== $value;
		$title  = $picked ? Field_Values::post_title( (int) $value ) : '';
		$object = get_post_type_object( $type );
		$base   = null !== $object && is_string( $object->rest_base ) && '' !== $object->rest_base ? $object->rest_base : $type;
		echo '<span class="tmu-picker" data-post-type="' . esc_attr( $type ) . '" data-rest-base="' . esc_attr( $base ) . '">';
		/* translators: %s: sub-field label, e.g. Person. */
		echo '<label for="' . esc_attr( $id ) . '">' . esc_html( sprintf( __( '%s (post ID)', 'tmu-sidecar' ), (string) $def['label'] ) ) . '</label>';
		if ( 'attachment' === $type ) {
			// Decorative: the title beside it names the image. Empty in the template, filled by the script.
			$thumb = $picked ? wp_get_attachment_image( (int) $value, array( 48, 48 ), false, array( 'alt' => '' ) ) : '';
			echo '<span class="tmu-picker-thumb" aria-hidden="true">' . wp_kses_post( $thumb ) . '</span>';
		}
		echo '<input type="number" min="1" step="1" class="small-text tmu-picker-id" id="' . esc_attr( $id ) . '" name="' . esc_attr( $name ) . '" value="' . esc_attr( $value ) . '" aria-describedby="' . esc_attr( $id . '-title' ) . '" />';
		echo ' <span class="tmu-picker-title" id="' . esc_attr( $id . '-title' ) . '">' . Field_Values::html( $title ) . '</span>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped by Field_Values::html().
		echo '</span>';
	}
}
