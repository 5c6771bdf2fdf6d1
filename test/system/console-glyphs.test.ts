import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';
import {describe, it} from 'node:test';
import {GLYPHS} from '../../source/graphics/cells/glyphs.js';
import {chooseGlyphSet, consoleCharacters, glyphTranslation, localeIsUtf8} from '../../source/terminal/glyph-set.js';
import {requireTool} from '../helpers/require-tool.js';

const LAT15 = '/usr/share/consolefonts/Lat15-Fixed16.psf.gz';

/** The characters a PSF console font draws, from its Unicode table (PSF1 or PSF2). */
function fontCharacters(file: string): Set<string> {
	const font = gunzipSync(readFileSync(file));
	const characters = new Set<string>();
	if (font[0] === 0x36 && font[1] === 0x04) {
		const glyphs = font[2]! & 1 ? 512 : 256;
		assert.ok(font[2]! & 2, `${file} has no Unicode table`);
		for (let at = 4 + glyphs * font[3]!; at + 1 < font.length; at += 2) {
			const value = font.readUInt16LE(at);
			if (value !== 0xff_ff && value !== 0xff_fe) characters.add(String.fromCodePoint(value));
		}

		return characters;
	}

	assert.equal(font.readUInt32LE(0), 0x86_4a_b5_72, `${file} is not a PSF font`);
	const headerSize = font.readUInt32LE(8);
	const table = headerSize + font.readUInt32LE(16) * font.readUInt32LE(20);
	for (const character of font.subarray(table).toString('utf8')) if (character !== '\uFFFD') characters.add(character);
	return characters;
}

/** The kernel's built-in font: CP437, its printable code points as Unicode (python3's codec has the well-known table). */
function cp437Characters(): Set<string> {
	requireTool('python3', 'python3');
	const text = execFileSync('python3', ['-c', 'import sys; sys.stdout.buffer.write(bytes(range(32, 256)).replace(b"\\x7f", b"").decode("cp437").encode("utf-8"))']).toString(
		'utf8',
	);
	return new Set(text);
}

describe('the Linux console glyph set', () => {
	it('draws only characters both the kernel font (CP437) and Lat15-Fixed16 have', () => {
		requireTool('setfont', 'kbd console-setup-linux');
		const lat15 = fontCharacters(LAT15);
		const cp437 = cp437Characters();
		// Checks the reading: the fonts differ on these.
		assert.ok(lat15.has('╭') && !cp437.has('╭') && cp437.has('▀') && !lat15.has('▀'));
		const used = [...consoleCharacters(), ...GLYPHS.spaces];
		const missing = used.filter(character => !(lat15.has(character) && cp437.has(character)));
		assert.deepEqual(missing, []);
	});

	it('turns every character the dashboard draws into one the fonts have, one column for one', () => {
		const translate = glyphTranslation('console')!;
		const dashboard = '╭─╮│╰╯┌┐└┘ ✔3 ✘0 ● ○ ▸ · … — – ’ ←→↑↓ ▁▂▃▄▅▆▇█ ▮▯';
		const drawn = translate(dashboard);
		assert.equal([...drawn].length, [...dashboard].length);
		const allowed = new Set(consoleCharacters());
		assert.deepEqual(
			[...drawn].filter(character => character > '\u007E' && !allowed.has(character)),
			[],
		);
	});
});

describe('a locale without UTF-8', () => {
	it('is decided from LC_ALL, then LC_CTYPE, then LANG, as the C library does', () => {
		assert.equal(localeIsUtf8({}), false);
		assert.equal(localeIsUtf8({LANG: 'C'}), false);
		assert.equal(localeIsUtf8({LANG: 'POSIX'}), false);
		assert.equal(localeIsUtf8({LANG: 'en_GB.UTF-8'}), true);
		assert.equal(localeIsUtf8({LANG: 'de_DE.utf8@euro'}), true);
		assert.equal(localeIsUtf8({LANG: 'C.UTF-8'}), true);
		assert.equal(localeIsUtf8({LANG: 'en_US.ISO-8859-1'}), false);
		assert.equal(localeIsUtf8({LC_ALL: 'C', LANG: 'en_GB.UTF-8'}), false);
		assert.equal(localeIsUtf8({LC_ALL: '', LC_CTYPE: 'C', LANG: 'en_GB.UTF-8'}), false);
		assert.equal(localeIsUtf8({LC_ALL: '', LC_CTYPE: '', LANG: 'en_GB.UTF-8'}), true);
		assert.equal(localeIsUtf8({LC_CTYPE: 'en_GB.UTF-8', LANG: 'C'}), true);
	});

	it('gets ASCII, unless --utf8 says the terminal can; the console its fonts', () => {
		assert.equal(chooseGlyphSet({LANG: 'C', TERM: 'xterm-256color'}), 'ascii');
		assert.equal(chooseGlyphSet({LANG: 'C', TERM: 'xterm-256color'}, true), 'unicode');
		assert.equal(chooseGlyphSet({LANG: 'C', TERM: 'linux'}), 'ascii');
		assert.equal(chooseGlyphSet({LANG: 'C', TERM: 'linux'}, true), 'console');
		assert.equal(chooseGlyphSet({LANG: 'C.UTF-8', TERM: 'linux'}), 'console');
		assert.equal(chooseGlyphSet({LANG: 'C.UTF-8', TERM: 'screen', TMUX: '/tmp/tmux-0/default,1,0'}), 'unicode');
	});

	it('draws printable ASCII only, device text too, one column for one', () => {
		const translate = glyphTranslation('ascii')!;
		const text = '\u001B[36m╭─╮\u001B[0m ✔3 ✘0 ● ○ ▸ · … ←→↑↓ ▁▂▃▄▅▆▇█ ▮▯ Küche';
		const drawn = translate(text);
		assert.equal([...drawn].length, [...text].length);
		assert.match(drawn, /^[\u0000-\u007F]*$/);
		assert.ok(drawn.includes('\u001B[36m+-+\u001B[0m'), drawn);
	});
});
