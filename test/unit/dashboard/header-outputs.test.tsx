/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import type {SessionEvent} from '../../../source/session/session-events.js';
import type {SinkStatus} from '../../../source/session/output-status.js';
import {Header} from '../../../source/dashboard/header/header.js';
import {modelWithPipeline} from '../../helpers/fake-session.js';

function headerLine(events: SessionEvent[], sinks: SinkStatus[], width: number): string {
	const {pipeline, model} = modelWithPipeline();
	model.sinkStatuses = () => sinks;
	for (const event of events) pipeline.emit(event);
	const {lastFrame, unmount} = render(<Header snapshot={model.snapshot()} width={width} />);
	const text = lastFrame() ?? '';
	unmount();
	return text.split('\n')[0]!;
}

const port: SessionEvent = {kind: 'port', at: 0, state: 'connected', port: '/dev/ttyACM0', detail: '115200 baud'};
const failingAtLength: SinkStatus[] = [
	{sink: 'mqtt', target: 'mqtts://pi:1883', state: 'retrying', detail: 'TLS: the broker does not speak TLS on this port (a plain mqtt:// port?)', dropped: 12, queued: 3},
	{sink: 'influx', target: 'http://pi:8086 db=x', state: 'retrying', detail: `server error (HTTP 500): ${'the proxy says something long '.repeat(4)}`, dropped: 0, queued: 40},
];

describe('outputs that fail at length in the header', () => {
	it("two outputs retrying with the server's long reasons leave the relay's state in sight (120 columns)", () => {
		const line = headerLine([port], failingAtLength, 120);
		assert.match(line, /● connected \/dev\/ttyACM0/);
		assert.match(line, /● mqtt retrying/);
	});

	it('at 80 columns three outputs, two failing, each keep their dot and name; the reasons give way first, then the words', () => {
		const metrics: SinkStatus = {sink: 'metrics', target: 'http://*:9464/metrics', state: 'connected', dropped: 0, queued: 0};
		const line = headerLine([port], [metrics, ...failingAtLength], 80);
		assert.ok(line.length <= 80, line);
		assert.match(line, /^esp-cam-monitor · ● connected \/dev\/ttyACM0 · ● metrics · ● mqtt · ● influx$/);
		const wider = headerLine([port], [metrics, ...failingAtLength], 150);
		assert.match(wider, /up \d+:\d\d:\d\d · ● connected \/dev\/ttyACM0 · ● metrics · ● mqtt retrying, 12 dropped · ● influx retrying · 115200 baud · mqtt: TLS/);
	});

	it('every output shows its state before any reason, and each reason is cut short (160 columns)', () => {
		const line = headerLine([port], failingAtLength, 160);
		assert.match(line, /● mqtt retrying, 12 dropped · ● influx retrying · 115200 baud · mqtt: TLS: the broker.*…/);
	});
});
