import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | undefined;

/** A full garbage collection of the main thread, now (a few milliseconds on a small heap). */
export function collectGarbage(): void {
	if (!gc) {
		v8.setFlagsFromString('--expose-gc');
		gc = vm.runInNewContext('gc') as () => void;
	}

	gc();
}
