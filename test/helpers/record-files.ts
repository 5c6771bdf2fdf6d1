import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';

/** Each record file's bytes, oldest first (`<file>.N` … `<file>.1`, `<file>`), as `cat` would join them. */
export function recordFiles(file: string): Buffer[] {
	const folder = path.dirname(file);
	const numbers = readdirSync(folder)
		.filter(name => name.startsWith(`${path.basename(file)}.`))
		.map(name => Number(name.slice(path.basename(file).length + 1)))
		.sort((a, b) => b - a);
	return [...numbers.map(number => readFileSync(`${file}.${number}`)), readFileSync(file)];
}
