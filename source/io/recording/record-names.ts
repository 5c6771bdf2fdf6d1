import path from 'node:path';

/**
 * A relay's name in a file name: under /dev its path there, elsewhere (a
 * link to a pty) its file name; anything but letters, digits, `.`, `_` and
 * `-` made `-` (`/dev/ttyACM0` → `ttyACM0`, `/dev/pts/3` → `pts-3`,
 * `/tmp/relay-b` → `relay-b`, serial `f4:12:fa:01:02:03` → `f4-12-fa-01-02-03`).
 */
export function relayFileLabel(name: string): string {
	const short = name.startsWith('/dev/') ? name.slice('/dev/'.length) : path.basename(name);
	return short.replaceAll(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'relay';
}

/**
 * `--record capture.bin` for one of several relays: `capture.<label>.bin`
 * (`capture.ttyACM0.bin`); a name without an extension gets `.<label>` at the end.
 */
export function recordFileFor(file: string, label: string): string {
	const extension = path.extname(file);
	return `${file.slice(0, file.length - extension.length)}.${label}${extension}`;
}

/** The record file of each of `ports` (given with --port, in order): the exact name with one port, else one per port, all different. */
export function recordFilesFor(file: string, ports: readonly string[]): string[] {
	if (ports.length === 1) return [file];
	const used = new Set<string>();
	return ports.map(port => {
		const label = relayFileLabel(port);
		let name = recordFileFor(file, label);
		for (let n = 2; used.has(name); n++) name = recordFileFor(file, `${label}-${n}`);
		used.add(name);
		return name;
	});
}
