import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {viewReducer, initialViewState, type ViewAction, type ViewState} from '../../../source/dashboard/view-state.js';

const run = (state: ViewState, ...actions: ViewAction[]) => actions.reduce(viewReducer, state);

describe('Esc and ? over the zoom view', () => {
	it('Esc closes help opened in the zoom view and comes back to the zoom view, as ? does', () => {
		const zoomed = run(initialViewState, {type: 'zoom'});
		const helpOverZoom = run(zoomed, {type: 'toggle-help'});
		assert.equal(helpOverZoom.help, true);
		const afterQuestionMark = run(helpOverZoom, {type: 'toggle-help'});
		const afterEscape = run(helpOverZoom, {type: 'back'});
		assert.deepEqual({help: afterEscape.help, zoom: afterEscape.zoom}, {help: false, zoom: true});
		assert.deepEqual(afterEscape, afterQuestionMark);
	});

	it('keeps the image a person stepped back to while help is open', () => {
		const anchor = {time: 1_764_000_000_000_000, stamp: 20_261_125_114_655, code: 0};
		const lookingBack: ViewState = {...initialViewState, zoom: true, historyAnchor: anchor};
		assert.equal(run(lookingBack, {type: 'toggle-help'}, {type: 'back'}).historyAnchor, anchor);
	});

	it('Esc in the zoom view (no help) goes back to the dashboard', () => {
		const state = run(initialViewState, {type: 'zoom'}, {type: 'back'});
		assert.deepEqual({help: state.help, zoom: state.zoom, historyAnchor: state.historyAnchor}, {help: false, zoom: false, historyAnchor: undefined});
	});
});
