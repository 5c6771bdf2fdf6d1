import {readFileSync} from 'node:fs';

export function show(text: string): number {
	process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
	return 0;
}

/** The help texts are written indented by a tab; shown indented by two spaces, after the description. */
export function showHelp(text: string): number {
	return show(`\n  ${packageManifest().description}\n${text.replaceAll(/^\t/gm, '  ')}`);
}

export function packageManifest(): {version: string; description: string} {
	return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string; description: string};
}
