/** @jsxRuntime automatic */
/** @jsxImportSource react */
import {execFileSync} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {mkdtempSync, rmSync, writeSync} from 'node:fs';
import {open, type FileHandle} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import type {ReactNode} from 'react';
import {render, type Instance} from 'ink';
import {ScreenOutput} from '../../source/terminal/screen-output.js';
import {PictureOverlayContext} from '../../source/dashboard/preview/picture-overlay.js';
import {TmuxTerminal} from './tmux.js';

/** The terminal a ScreenOutput writes to: a fifo that a tmux pane shows (with `cat`). */
class FifoTerminal extends EventEmitter {
	constructor(
		readonly columns: number,
		readonly rows: number,
		private readonly fd: number,
	) {
		super();
	}

	write(data: string): boolean {
		writeSync(this.fd, data);
		return true;
	}
}

/**
 * Ink drawn as the dashboard draws it (into a ScreenOutput, with its overlays)
 * on a real terminal: tmux, so that the screen can be read as a person sees
 * it. Counts Ink's frames (each a layout and an output built).
 */
export class TmuxScreen {
	inkFrames = 0;
	private constructor(
		private readonly tmux: TmuxTerminal,
		private readonly folder: string,
		private readonly fifo: FileHandle,
		private readonly output: ScreenOutput,
		private readonly instance: Instance,
	) {}

	static async show(node: ReactNode, size = {columns: 100, rows: 30}): Promise<TmuxScreen> {
		const folder = mkdtempSync(path.join(tmpdir(), 'esp-cam-screen-'));
		const fifo = path.join(folder, 'screen');
		execFileSync('mkfifo', [fifo]);
		const tmux = new TmuxTerminal(`stty -echo; cat ${fifo}`, size);
		const handle = await open(fifo, 'w');
		const terminal = new FifoTerminal(size.columns, size.rows, handle.fd);
		const output = new ScreenOutput(terminal as unknown as NodeJS.WriteStream);
		// eslint-disable-next-line prefer-const -- render() may call onRender before it returns, before `screen` is set.
		let screen: TmuxScreen | undefined;
		const instance = render(<PictureOverlayContext.Provider value={output}>{node}</PictureOverlayContext.Provider>, {
			stdout: output as unknown as NodeJS.WriteStream,
			stdin: new PassThrough() as unknown as NodeJS.ReadStream,
			patchConsole: false,
			exitOnCtrlC: false,
			maxFps: 10,
			onRender() {
				if (screen) screen.inkFrames++;
			},
		});
		screen = new TmuxScreen(tmux, folder, handle, output, instance);
		return screen;
	}

	screen(): string {
		return this.tmux.screen();
	}

	screenWithColours(): string {
		return this.tmux.screenWithColours();
	}

	async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
		return this.tmux.waitFor(screen => pattern.test(screen), String(pattern), timeoutMs);
	}

	close(): void {
		this.instance.unmount();
		this.output.dispose();
		void this.fifo.close();
		this.tmux.close();
		rmSync(this.folder, {recursive: true, force: true});
	}
}
