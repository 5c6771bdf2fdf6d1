import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {viewReducer, initialViewState} from '../../../source/dashboard/view-state.js';

const A = 0x240a_c400_8d10;
const B = 0x240a_c401_8e11;

describe('the selected camera', () => {
	it('a key that moves it is not undone by the pin of a render from before the key (Tab, Shift-Tab typed fast)', () => {
		// Tab: the second camera. Its render finds B at index 1 and asks to pin it (an effect, run later).
		let state = viewReducer(initialViewState, {type: 'select', delta: 1, cameraCount: 2});
		const pin = {type: 'pin-selection', mac: B, index: 1, seen: {selected: state.selected, selectedMac: state.selectedMac}} as const;
		// Shift-Tab comes before that effect runs (a slow render, a Pi).
		state = viewReducer(state, {type: 'select', delta: -1, cameraCount: 2});
		state = viewReducer(state, pin);
		assert.equal(state.selected, 0);
		assert.equal(state.selectedMac, undefined);
	});

	it('is pinned to its camera when nothing moved it since the render', () => {
		const state = viewReducer(initialViewState, {type: 'pin-selection', mac: A, index: 0, seen: {selected: 0, selectedMac: undefined}});
		assert.equal(state.selected, 0);
		assert.equal(state.selectedMac, A);
	});
});
