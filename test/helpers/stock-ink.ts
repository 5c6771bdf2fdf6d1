import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath, pathToFileURL} from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * One of Ink's modules as Ink 6.8 ships it, before patches/ink+6.8.0.patch:
 * the installed (patched) file with the patch's hunks for it undone, written
 * under node_modules/.cache (so that its own imports resolve as Ink's do) and
 * imported. For comparing the patched module with the stock one.
 */
export async function stockInkModule<T>(file: string): Promise<T> {
	const installed = path.join(root, 'node_modules/ink/build', file);
	const patched = readFileSync(installed, 'utf8').split('\n');
	const patch = readFileSync(path.join(root, 'patches/ink+6.8.0.patch'), 'utf8');
	const section = patch.split(/^diff --git /m).find(part => part.startsWith(`a/node_modules/ink/build/${file} `));
	const stock = section ? undoHunks(patched, section) : patched;
	const folder = path.join(root, 'node_modules/.cache/esp-cam-monitor-stock-ink');
	mkdirSync(folder, {recursive: true});
	const copy = path.join(folder, file);
	writeFileSync(copy, stock.join('\n'));
	// Relative imports of Ink's own modules point back to the installed ones.
	const module = (await import(`${pathToFileURL(copy).href}?stock`)) as {default: T};
	return module.default;
}

/** The file before a unified diff's hunks (given the file after them). */
function undoHunks(after: string[], section: string): string[] {
	const hunks = [...section.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@.*\n((?:[ +\-\\].*\n?)*)/gm)];
	const before = [...after];
	for (const hunk of hunks.reverse()) {
		const start = Number(hunk[1]) - 1;
		const lines = hunk[2]!.split('\n').filter(line => line !== '' && !line.startsWith('\\'));
		const newLines = lines.filter(line => !line.startsWith('-')).map(line => line.slice(1));
		const oldLines = lines.filter(line => !line.startsWith('+')).map(line => line.slice(1));
		const found = before.slice(start, start + newLines.length);
		if (found.join('\n') !== newLines.join('\n')) throw new Error(`the installed Ink does not match patches/ink+6.8.0.patch at line ${start + 1}: run npm install`);
		before.splice(start, newLines.length, ...oldLines);
	}

	return before;
}
