/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import type {SessionEvent} from '../../../source/session/session-events.js';
import {Header} from '../../../source/dashboard/header/header.js';
import {modelWithPipeline} from '../../helpers/fake-session.js';

function headerLine(events: SessionEvent[], width = 160): string {
	const {pipeline, model} = modelWithPipeline();
	for (const event of events) pipeline.emit(event);
	const {lastFrame, unmount} = render(<Header snapshot={model.snapshot()} width={width} />);
	const text = lastFrame() ?? '';
	unmount();
	return text.split('\n')[0]!;
}

type PortEvent = Extract<SessionEvent, {kind: 'port'}>;
const port = (relay: number, state: 'connected' | 'reconnecting' | 'waiting', name: string, detail?: string): PortEvent => ({
	kind: 'port',
	at: 0,
	state,
	port: name,
	detail,
	relay,
});

describe('several relays in the header', () => {
	it("shows each relay's state and port; why only for one that is not connected", () => {
		const line = headerLine([
			port(0, 'connected', '/dev/ttyACM0', '115200 baud'),
			port(1, 'connected', '/dev/ttyACM1', '115200 baud'),
			port(1, 'reconnecting', '/dev/ttyACM1', 'port closed (unplugged?)'),
		]);
		assert.match(line, /● connected \/dev\/ttyACM0 · ● reconnecting \/dev\/ttyACM1 \(port closed \(unplugged\?\)\)/);
		assert.doesNotMatch(line, /115200/);
	});

	it('one relay is shown as before; `auto` waiting is replaced by the relay it finds', () => {
		assert.match(headerLine([port(0, 'connected', '/dev/ttyACM0', '115200 baud')]), /● connected \/dev\/ttyACM0 · 115200 baud/);
		const found = headerLine([port(0, 'waiting', 'auto', 'auto: no Espressif relay (USB 303a) plugged in yet'), port(0, 'connected', '/dev/ttyACM3', '115200 baud')]);
		assert.match(found, /● connected \/dev\/ttyACM3/);
		assert.doesNotMatch(found, /auto|waiting/);
	});

	it('says with the state when another program has the port open, and stops when it let go', () => {
		const cat = {pid: 4321, program: 'cat'};
		const shared: PortEvent = {...port(0, 'connected', '/dev/ttyACM0', '115200 baud; also open in cat (pid 4321)'), holders: [cat]};
		assert.match(headerLine([shared]), /● connected \/dev\/ttyACM0 shared with cat \(pid 4321\)/);
		const second: PortEvent = {...shared, relay: 1, port: '/dev/ttyACM1'};
		assert.match(headerLine([port(0, 'connected', '/dev/ttyACM0'), second]), /● connected \/dev\/ttyACM1 shared with cat \(pid 4321\)/);
		assert.doesNotMatch(headerLine([shared, port(0, 'connected', '/dev/ttyACM0', '115200 baud; cat (pid 4321) no longer has it open')]), /shared with/);
	});
});
