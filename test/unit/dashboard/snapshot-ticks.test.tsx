/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import type {DashboardModel, DashboardSnapshot} from '../../../source/dashboard/dashboard-model.js';
import {useSerialIngest} from '../../../source/dashboard/use-serial-ingest.js';

const INTERVAL_MS = 300;

/** A model that counts when it is asked for a snapshot, and can want one as a new preview does. */
class CountingModel {
	readonly asked: number[] = [];
	sampledAt = 0;
	private readonly wanted = new Set<() => void>();
	private shown = 0;

	snapshot(): DashboardSnapshot {
		this.asked.push(performance.now());
		this.sampledAt = Date.now();
		// A new snapshot each time: every one renders.
		return {at: this.sampledAt, shown: ++this.shown} as unknown as DashboardSnapshot;
	}

	onSnapshotWanted(listener: () => void): () => void {
		this.wanted.add(listener);
		return () => this.wanted.delete(listener);
	}

	wantSnapshot(): void {
		for (const listener of this.wanted) listener();
	}
}

function Watcher({model}: {model: DashboardModel}) {
	const {snapshot} = useSerialIngest(model, INTERVAL_MS);
	return <Text>{snapshot.at}</Text>;
}

describe('the dashboard snapshots', {timeout: 10_000}, () => {
	it('come a whole interval after one taken early (a new preview), so that the two make one frame', async () => {
		const model = new CountingModel();
		const {unmount} = render(<Watcher model={model as unknown as DashboardModel} />);
		try {
			const first = model.asked.length;
			while (model.asked.length === first) await delay(5);
			const tick = model.asked.at(-1)!;
			// A third of the way to the next tick, a new image's preview is ready.
			await delay(INTERVAL_MS / 3);
			model.wantSnapshot();
			const early = model.asked.at(-1)!;
			assert.ok(early > tick, 'the snapshot taken at once');
			const count = model.asked.length;
			while (model.asked.length === count) await delay(5);
			const next = model.asked.at(-1)!;
			assert.ok(
				next - early >= INTERVAL_MS - 20,
				`the next tick ${Math.round(next - early)} ms after the early snapshot, not at the old tick's pace (${Math.round(next - tick)} ms after it)`,
			);
		} finally {
			unmount();
		}
	});
});
