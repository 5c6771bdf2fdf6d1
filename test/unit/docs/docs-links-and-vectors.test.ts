import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {frameChecksum} from '../../../source/core/protocol/checksum.js';
import {FrameType} from '../../../source/core/protocol/constants.js';
import {encodeFrame} from '../../../source/core/protocol/frame-encoder.js';
import {collectingDecoder} from '../../helpers/collect-decoder.js';

const read = (file: string) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
const MAC = 0x240a1b2c3d4e;

describe('docs/protocol.md', () => {
	it('its test vectors are what the encoder writes and the decoder accepts', () => {
		const blocks = [...read('docs/protocol.md').matchAll(/```\n([\da-f\n]+)```/g)].map(match => match[1]!.replaceAll('\n', ''));
		const expected = [
			encodeFrame(MAC, FrameType.Hash, 0, Buffer.from('HASH:' + '0'.repeat(64) + ',VOLT:87')),
			encodeFrame(MAC, FrameType.Data, 1, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00])),
			encodeFrame(MAC, FrameType.Data, 2, Buffer.from([1, 2, 3, 4, 0x10, 0x20, 0x30, 0x40, 0xff])),
			encodeFrame(MAC, FrameType.Eof, 0, Buffer.from('EOF!')),
			encodeFrame(MAC, FrameType.Hash, 0, Buffer.from('HASH:' + 'ab'.repeat(32) + ',VOLT:101')),
		];
		assert.deepEqual(
			blocks,
			expected.map(frame => frame.toString('hex')),
		);
		const {decoder, frames} = collectingDecoder();
		decoder.push(Buffer.concat(expected), 0);
		assert.equal(frames.length, expected.length);
		assert.equal(frameChecksum(Buffer.from([1, 2, 3, 4, 0x10, 0x20, 0x30, 0x40, 0xff])), 0x443322ee);
	});

	it('is what the readme links to', () => {
		const readme = read('readme.md');
		assert.match(readme, /\]\(docs\/protocol\.md\)/);
		assert.doesNotMatch(readme, /\.\.\/shared\//);
	});
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces made hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
		const base = heading!
			.toLowerCase()
			.replaceAll(/[^\p{L}\p{N} _-]/gu, '')
			.replaceAll(' ', '-');
		let anchor = base;
		for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
		anchors.add(anchor);
	}
	return anchors;
}

const withoutFences = (markdown: string) => markdown.replaceAll(/^```[^]*?^```$/gm, '');
const withoutCode = (markdown: string) => withoutFences(markdown).replaceAll(/`[^`\n]*`/g, '');

/** Every relative link in a page whose file, or heading, is not there. */
function brokenLinks(page: string): string[] {
	const broken: string[] = [];
	for (const [, target] of withoutCode(read(page)).matchAll(/\]\(([^)\s]+)\)/g)) {
		if (/^[a-z]+:/.test(target!)) continue;
		const [file, anchor] = target!.split('#') as [string, string | undefined];
		const linked = file === '' ? page : path.posix.join(path.posix.dirname(page), file);
		if (!existsSync(new URL(`../../../${linked}`, import.meta.url))) {
			broken.push(`${page}: ${target} (no such file)`);
		} else if (anchor !== undefined && !headingAnchors(read(linked)).has(anchor)) {
			broken.push(`${page}: ${target} (no such heading)`);
		}
	}
	return broken;
}

describe('links in readme.md and docs/', () => {
	const pages = [
		'readme.md',
		...readdirSync(new URL('../../../docs', import.meta.url))
			.filter(name => name.endsWith('.md'))
			.map(name => `docs/${name}`),
	];

	it('lead to files and headings that exist', () => {
		assert.deepEqual(
			pages.flatMap(page => brokenLinks(page)),
			[],
		);
	});

	it('are checked: a missing file and a missing heading are found', () => {
		assert.ok(headingAnchors('# Files written, and what `verified` means\n## A\n## A').has('files-written-and-what-verified-means'));
		assert.ok(headingAnchors('## A\n## A').has('a-1'));
		assert.ok(pages.includes('docs/protocol.md'));
	});
});
