/**
 * Checks a captured dashboard screen line by line: every line must be one the
 * dashboard draws, whole. Text drawn over other text (a squeezed panel) or
 * left over from an earlier frame (a resize) makes lines that match none.
 * Returns the problems found (empty: the screen is sound).
 */
export function screenProblems(screen: string, size: {columns: number; rows: number}): string[] {
	const lines = screen.replace(/\n+$/, '').split('\n');
	const problems: string[] = [];
	const bad = (index: number, why: string) => problems.push(`line ${index + 1} (${why}): ${JSON.stringify(lines[index])}`);
	if (lines.length > size.rows) problems.push(`${lines.length} lines on a terminal of ${size.rows}`);
	const footer = lines.findLastIndex(line => line.trim() !== '');
	if (!/q quit|No keys/.test(lines[footer] ?? '')) bad(footer, 'the last line is not the footer');
	if (!(lines[0] ?? '').startsWith('esp-cam-monitor · ')) bad(0, 'not the header');
	if (!/^images \d+ good/.test(lines[1] ?? '')) bad(1, 'not the header');
	let inLog = false;
	for (let index = 2; index < footer; index++) {
		const line = lines[index]!.trimEnd();
		if (line.startsWith('┌')) inLog = true;
		if (inLog) {
			if (!/^(┌─+┐|└─+┘|│ .*│)$/.test(line) || [...line].length !== size.columns) bad(index, 'log pane');
			if (line.startsWith('└')) inLog = false;
			continue;
		}

		if (/^[╭│╰]/.test(line)) {
			for (const panel of line.split(/(?<=[│╮╯])(?=[│╭╰])/)) {
				const why = panelLineProblem(panel);
				if (why) bad(index, why);
			}
		} else if (!(line === '' || COMPACT.some(pattern => pattern.test(line)) || /^\d+ more cameras?: /.test(line))) {
			bad(index, 'unknown line');
		}
	}

	return problems;
}

const COMPACT = [
	/^[▸ ] \S.* [○●]( idle| receiving| \d+| overdue| never seen|$)/,
	/^ {2}(last \d\d:\d\d:\d\d \(\d+ (s|min|h) ago\)|last seen \d+ (s|min|h) ago|no image yet)( · loss 1h \d+%)? · ✔ \d+ · /,
	/^[▸ ] \S+ [○●]( \d+| overdue)? ✔\d+ ✘\d+ /,
];

const PANEL_LINES = [
	/^(\S.* )?[\da-f]{2}(:[\da-f]{2}){5}( +\d+% ([▮▯]+|low|falling))?$/,
	/^(○ idle( · last (verified|unverified|incomplete \([a-z?-]+\)))?|● receiving \d+ chunks, [\d.]+ (B|KiB|MiB)|● overdue( · expected every [\d.]+ (s|min|h)( \d+ min)?)?|○ never seen)$/,
	/^✔ verified \d+ · unverified \d+$/,
	/^✘ incomplete \d+ · gaps \d+( \(\d+ lost\))?$/,
	/^frames \d+ · checksum errors \d+$/,
	/^last (—|\d\d:\d\d:\d\d \(\d+ (s|min|h) ago\)|seen \d+ (s|min|h) ago)$/,
	/^loss 1h (—|<?\d+%) · day (—|<?\d+%)( · battery [▁▂▃▄▅▆▇█]+)?$/,
	/^[\d.]+ (B|KiB|MiB)\/s [▁▂▃▄▅▆▇█]+$/,
	// Previews: half blocks, quadrants, sextants, octants and the blocks they reuse.
	/^[\u2580-\u259f\u{1fb00}-\u{1fb3b}\u{1fb82}\u{1fb85}\u{1fbe6}\u{1fbe7}\u{1cd00}-\u{1cde5}\u{1cea0}-\u{1ceab} ]*$/u,
	/^(decoding…|no image yet|cannot decode this image)$/,
];

function panelLineProblem(panel: string): string | undefined {
	if (/^╭─+╮$/.test(panel) || /^╰─+╯$/.test(panel)) return undefined;
	const inside = /^│ (.*) │$/.exec(panel);
	if (!inside) return 'a panel line without its borders';
	const content = inside[1]!.trim();
	// A line cut short at the panel's width: its beginning must still be one of ours.
	if (content.endsWith('…')) return /^(\S|[○●✔✘])/.test(content) ? undefined : 'truncated unknown line';
	return PANEL_LINES.some(pattern => pattern.test(content)) ? undefined : `not a panel line: ${JSON.stringify(content)}`;
}
