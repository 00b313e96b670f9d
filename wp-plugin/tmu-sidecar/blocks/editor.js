/**
 * Editor side of the TMU Sidecar blocks: each block is rendered by the server (the same PHP that renders
 * the front end), so the editor shows what visitors will see. Plain script, no build step: the block's
 * title, icon and attributes come from its block.json, which WordPress hands to the editor.
 */
( function ( wp ) {
	'use strict';

	const el = wp.element.createElement;
	const __ = wp.i18n.__;
	const ServerSideRender = wp.serverSideRender;
	const blockEditor = wp.blockEditor;
	const components = wp.components;

	/** Block name → the note shown where the block has nothing to show (a template, an unsynced post). */
	const EMPTY_NOTES = {
		'tmu-sidecar/details': __( 'Details: runtime, release date, rating and genres of the synced title.', 'tmu-sidecar' ),
		'tmu-sidecar/cast': __( 'Cast: shown once the title is synced from TMDb.', 'tmu-sidecar' ),
		'tmu-sidecar/crew': __( 'Crew: shown once the title is synced from TMDb.', 'tmu-sidecar' ),
		'tmu-sidecar/seasons': __( 'Seasons and episodes: shown on a synced show or season.', 'tmu-sidecar' ),
		'tmu-sidecar/trailer': __( 'Trailer: shown when TMDb lists a YouTube or Vimeo video.', 'tmu-sidecar' ),
		'tmu-sidecar/gallery': __( 'Images: shown once the title’s images are synced.', 'tmu-sidecar' ),
		'tmu-sidecar/filmography': __( 'Filmography: shown on a synced person’s page.', 'tmu-sidecar' ),
		'tmu-sidecar/watch': __( 'Where to watch: shown when TMDb lists providers.', 'tmu-sidecar' ),
	};

	function emptyNote( name ) {
		return function EmptyNote() {
			return el( 'p', { className: 'tmu-block__empty' }, EMPTY_NOTES[ name ] );
		};
	}

	function settings( props ) {
		const attributes = props.attributes;
		const controls = [
			el( components.TextControl, {
				key: 'postId',
				type: 'number',
				min: 0,
				label: __( 'Post ID (0: this post)', 'tmu-sidecar' ),
				value: String( attributes.postId || 0 ),
				onChange( value ) {
					props.setAttributes( { postId: Math.max( 0, parseInt( value, 10 ) || 0 ) } );
				},
			} ),
		];
		if ( undefined !== attributes.limit ) {
			controls.push(
				el( components.RangeControl, {
					key: 'limit',
					label: __( 'How many to show (0: all)', 'tmu-sidecar' ),
					min: 0,
					max: 100,
					value: attributes.limit,
					onChange( value ) {
						props.setAttributes( { limit: Math.max( 0, parseInt( value, 10 ) || 0 ) } );
					},
				} )
			);
		}
		return el(
			blockEditor.InspectorControls,
			null,
			el( components.PanelBody, { title: __( 'Settings', 'tmu-sidecar' ) }, controls )
		);
	}

	Object.keys( EMPTY_NOTES ).forEach( function ( name ) {
		wp.blocks.registerBlockType( name, {
			edit( props ) {
				return el(
					'div',
					blockEditor.useBlockProps(),
					settings( props ),
					el( ServerSideRender, {
						block: name,
						attributes: props.attributes,
						EmptyResponsePlaceholder: emptyNote( name ),
					} )
				);
			},
			// Server-rendered: nothing is saved but the block comment and its attributes.
			save() {
				return null;
			},
		} );
	} );
} )( window.wp );
