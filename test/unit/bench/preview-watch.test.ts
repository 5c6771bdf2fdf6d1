import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {PreviewWatch} from '../../../bench/preview-watch.js';

const MAC = '24:0a:c4:00:a4:10';
const IMAGE = '240ac400a410_20261207_045541_597910.jpg';
const NEXT_IMAGE = '240ac400a410_20261207_045544_218922.jpg';

/** A captured screen (tmux capture-pane -e) with the camera's panel showing `picture`, a row of cells with their colours. */
function screen(picture: string): string {
	return ['╭──────────╮', `│ ${MAC} │`, '│ loss 1h 0% │', `│${picture}\u001B[39m│`, '╰──────────╯'].join('\n');
}

const SUN = '\u001B[38;5;220m▄▄\u001B[38;5;34m▄▄';
const SUN_MOVED = '\u001B[38;5;220m▄\u001B[38;5;34m▄▄▄';
/** The same characters as SUN, other colours: all a 4-row panel may show of the sun having moved. */
const SUN_RECOLOURED = '\u001B[38;5;214m▄▄\u001B[38;5;34m▄▄';

describe('PreviewWatch (the dashboard bench: image saved to its preview)', () => {
	it('counts a picture whose cells changed only in colour', () => {
		const watch = new PreviewWatch();
		watch.sawScreen(1000, screen(SUN));
		watch.sawImage(IMAGE, 1005);
		watch.sawScreen(1030, screen(SUN_RECOLOURED));
		assert.deepEqual(watch.previewMs, [25]);
		assert.equal(watch.notSeen, 0);
	});

	it('compares with the panel before the image was saved, when its file is found after its picture is up', () => {
		const watch = new PreviewWatch();
		watch.sawScreen(1000, screen(SUN));
		watch.sawImage(IMAGE, 1005);
		watch.sawScreen(1030, screen(SUN_MOVED));
		// A slow poll: the next image's picture is on screen before its file is found.
		watch.sawScreen(4000, screen(SUN));
		watch.sawScreen(4040, screen(SUN_RECOLOURED));
		watch.sawImage(NEXT_IMAGE, 4010);
		watch.sawScreen(4060, screen(SUN_RECOLOURED));
		assert.deepEqual(watch.previewMs, [25, 30]);
		assert.equal(watch.notSeen, 0);
	});

	it('counts an image whose panel never changes as not seen', () => {
		const watch = new PreviewWatch();
		watch.sawScreen(1000, screen(SUN));
		watch.sawImage(IMAGE, 1005);
		for (let at = 1010; at < 7000; at += 500) watch.sawScreen(at, screen(SUN));
		assert.deepEqual(watch.previewMs, []);
		assert.equal(watch.notSeen, 1);
		assert.equal(watch.waiting, 0);
	});
});
