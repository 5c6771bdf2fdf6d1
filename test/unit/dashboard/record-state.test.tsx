/** @jsxRuntime automatic */
/** @jsxImportSource react */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {render} from 'ink-testing-library';
import {describeEvent} from '../../../source/session/describe-event.js';
import type {SessionEvent} from '../../../source/session/session-events.js';
import {Header} from '../../../source/dashboard/header/header.js';
import {modelWithPipeline} from '../../helpers/fake-session.js';

const failing: SessionEvent = {kind: 'record', at: 0, file: '/tmp/rec.bin', state: 'failing', message: 'no space left on the device', lostBytes: 0};

function headerText(events: SessionEvent[], width = 160): string {
	const {pipeline, model} = modelWithPipeline();
	for (const event of events) pipeline.emit(event);
	const {lastFrame, unmount} = render(<Header snapshot={model.snapshot()} width={width} />);
	const text = lastFrame() ?? '';
	unmount();
	return text;
}

describe('the --record state', () => {
	it('is shown in the header while the record file cannot be written, and after if bytes are missing', () => {
		assert.doesNotMatch(headerText([]), /record/);
		assert.match(headerText([failing]), /● record failing/);
		const resumed: SessionEvent = {...failing, state: 'recording', message: 'written again', lostBytes: 2048};
		assert.match(headerText([failing, resumed]), /record not byte-exact \(2\.0 KiB missing\)/);
		assert.doesNotMatch(headerText([failing, {...resumed, lostBytes: 0}]), /record/);
	});

	it('stays in sight at 80 columns, whatever the port says', () => {
		const port: SessionEvent = {
			kind: 'port',
			at: 0,
			state: 'reconnecting',
			port: '/dev/serial/by-id/usb-Espressif_USB_JTAG_serial_debug_unit_24:0A:C4:00:00:01-if00',
			detail: 'device gone, looking for it again',
		};
		assert.match(headerText([port, failing], 80).split('\n')[0]!, /● record failing · ● reconnecting/);
	});

	it('is put in words for the log and headless lines, saying when the file is no longer byte-exact', () => {
		assert.equal(describeEvent(failing)?.text, 'cannot write record file /tmp/rec.bin: no space left on the device; keeping what arrives and trying again');
		const resumed = describeEvent({...failing, state: 'recording', message: 'written again', lostBytes: 2048});
		assert.match(resumed!.text, /written again; 2\.0 KiB received are missing from it: it is not byte-exact$/);
	});
});
