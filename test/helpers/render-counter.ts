import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

/** React's flag on a fiber whose component function ran in the render being committed. */
const PERFORMED_WORK = 1;

interface Fiber {
	type: unknown;
	flags: number;
	child: Fiber | null;
	sibling: Fiber | null;
}

/** Each component's name and how many commits it rendered in (since `reset`). */
export interface RenderCounts {
	of(name: string): number;
	/** React commits (each one makes Ink lay out and draw a frame). */
	commits(): number;
	reset(): void;
}

function nameOf(type: unknown): string | undefined {
	if (typeof type === 'function') return (type as {displayName?: string; name: string}).displayName ?? type.name;
	const inner = (type as {type?: unknown} | null)?.type;
	return inner ? nameOf(inner) : undefined;
}

/**
 * Counts how often real components render in Ink, through React's DevTools
 * hook (what the React DevTools use): after each commit the fiber tree is
 * walked, and a component counts when its function ran in that render (a
 * fiber seen in the last commit, or one a memo bailed out on, does not).
 * Call before rendering; Ink connects to the hook only with DEV=true, so
 * its reconciler is connected here.
 */
export async function countRenders(): Promise<RenderCounts> {
	const counts = new Map<string, number>();
	let commits = 0;
	let seen = new WeakSet<Fiber>();
	const hook = {
		supportsFiber: true,
		isDisabled: false,
		renderers: new Map(),
		inject: () => 1,
		checkDCE: () => undefined,
		onScheduleFiberRoot: () => undefined,
		onCommitFiberUnmount: () => undefined,
		onPostCommitFiberRoot: () => undefined,
		onCommitFiberRoot(_renderer: number, root: {current: Fiber}) {
			commits++;
			const now = new WeakSet<Fiber>();
			const stack: Fiber[] = [root.current];
			while (stack.length > 0) {
				const fiber = stack.pop()!;
				now.add(fiber);
				const name = nameOf(fiber.type);
				if (name && (fiber.flags & PERFORMED_WORK) !== 0 && !seen.has(fiber)) counts.set(name, (counts.get(name) ?? 0) + 1);
				if (fiber.child) stack.push(fiber.child);
				if (fiber.sibling) stack.push(fiber.sibling);
			}

			seen = now;
		},
	};
	(globalThis as Record<string, unknown>).__REACT_DEVTOOLS_GLOBAL_HOOK__ = hook;
	const ink = createRequire(import.meta.url).resolve('ink');
	const {default: reconciler} = (await import(pathToFileURL(path.join(path.dirname(ink), 'reconciler.js')).href)) as {default: {injectIntoDevTools(): boolean}};
	reconciler.injectIntoDevTools();
	return {
		of: name => counts.get(name) ?? 0,
		commits: () => commits,
		reset() {
			counts.clear();
			commits = 0;
		},
	};
}
