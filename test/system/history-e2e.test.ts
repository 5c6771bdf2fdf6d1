import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {CLI, runCli} from '../helpers/cli.js';
import {tempDir} from '../helpers/temp-dir.js';
import {TmuxTerminal} from '../helpers/tmux.js';

/** The names of the image files in the output folder and its subfolders. */
function imageNames(out: string): string[] {
	return ['', 'unverified', 'incomplete']
		.map(folder => path.join(out, folder))
		.filter(folder => existsSync(folder))
		.flatMap(folder => readdirSync(folder))
		.filter(name => name.endsWith('.jpg'));
}

/** How many of `names` are a camera's (`24:0a:…`). */
const countOf = (names: string[], macText: string) => names.filter(name => name.startsWith(`${macText.replaceAll(':', '')}_`)).length;

describe('history in a real terminal (tmux, 100x30)', {timeout: 90_000}, () => {
	it('after a restart into the same output folder, the zoom view steps through the earlier run’s images too', async () => {
		const root = tempDir();
		const out = path.join(root, 'images');
		// The same capture twice: the second run's images are named for the time they arrive, after the first run's.
		const capture = path.join(root, 'capture.bin');
		const made = await runCli(['simulate', capture, '--images', '6', '--cameras', '2', '--seed', '5', '--loss', '0.02', '--size', '160x120']);
		assert.equal(made.code, 0, made.stderr);
		const earlier = await runCli(['--replay', capture, '--out', out]);
		assert.equal(earlier.code, 0, earlier.stderr);
		const firstRun = imageNames(out);

		const exitFile = path.join(root, 'exit');
		const terminal = new TmuxTerminal(`${process.execPath} ${CLI} --replay ${capture} --out ${out}; echo $? > ${exitFile}; sleep 60`, {columns: 100, rows: 30});
		try {
			await terminal.waitFor(screen => screen.includes('finished, q to quit'), 'the second replay to finish');
			terminal.press('Enter');
			const zoomed = await terminal.waitFor(screen => /24:0a:c4:\S+ · \d+\/\d+ · Esc back/.test(screen), 'the zoom view with a position');
			const [, macText, position, count] = /(24:0a:c4:\S+) · (\d+)\/(\d+) · Esc back/.exec(zoomed)!;
			const total = countOf(imageNames(out), macText!);
			const before = countOf(firstRun, macText!);
			assert.ok(before > 0 && total > before, `the first run's images (${before}) and this run's (${total - before})`);
			assert.equal(Number(count), total, 'every image of the camera in the folder, earlier runs included');
			assert.equal(position, count, 'the newest first');

			terminal.press('Left');
			await terminal.waitFor(screen => screen.includes(` · ${total - 1}/${total} · `), 'one image back');
			terminal.press('Home');
			const oldest = await terminal.waitFor(screen => screen.includes(` · 1/${total} · `), 'the oldest image');
			assert.match(oldest, /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \(\d+ s ago\) · ([\d.]+ (B|KiB)|…) · /);
			terminal.press('End');
			await terminal.waitFor(screen => screen.includes(` · ${total}/${total} · `), 'the newest image again');

			terminal.press('q');
			await terminal.waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '', 'the program to exit', 10_000);
			assert.equal(readFileSync(exitFile, 'utf8').trim(), '0');
		} finally {
			terminal.close();
		}
	});

	it('images --max-disk removes while the dashboard runs leave the zoom view’s history', async () => {
		const root = tempDir();
		const out = path.join(root, 'images');
		const capture = path.join(root, 'capture.bin');
		const made = await runCli(['simulate', capture, '--images', '8', '--cameras', '1', '--seed', '7', '--size', '160x120']);
		assert.equal(made.code, 0, made.stderr);
		const earlier = await runCli(['--replay', capture, '--out', out]);
		assert.equal(earlier.code, 0, earlier.stderr);
		const firstRun = imageNames(out);
		// Room for the first run's images, not for the second's as well: the oldest go while it runs.
		const limit = firstRun.reduce((sum, name) => sum + statSync(path.join(out, name)).blocks * 512, 0);

		const terminal = new TmuxTerminal(`${process.execPath} ${CLI} --replay ${capture} --out ${out} --max-disk ${limit}; sleep 60`, {columns: 100, rows: 30});
		try {
			await terminal.waitFor(screen => screen.includes('finished, q to quit'), 'the second replay to finish');
			terminal.press('Enter');
			const zoomed = await terminal.waitFor(screen => /24:0a:c4:\S+ · \d+\/\d+ · Esc back/.test(screen), 'the zoom view with a position');
			const macText = /(24:0a:c4:\S+) · \d+\/\d+ · Esc back/.exec(zoomed)![1]!;
			// The sweep follows the replay's writes by a second at least (sweeps are spaced); the screen may say finished before.
			await terminal.waitFor(() => countOf(imageNames(out), macText) < 2 * countOf(firstRun, macText), 'retention to remove some', 10_000);
			const onDisk = countOf(imageNames(out), macText);
			await terminal.waitFor(screen => screen.includes(` · ${onDisk}/${onDisk} · `), `the history to count the ${onDisk} images left`, 5000);
			terminal.press('Home');
			const oldest = await terminal.waitFor(screen => screen.includes(` · 1/${onDisk} · `), 'the oldest image');
			assert.doesNotMatch(oldest, /file gone/);
		} finally {
			terminal.close();
		}
	});
});
