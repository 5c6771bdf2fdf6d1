import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {recordFileFor, recordFilesFor, relayFileLabel} from '../../../source/io/recording/record-names.js';
import {relayPorts} from '../../../source/cli/relay-ports.js';

describe('--record with several relays', () => {
	it('one port keeps the exact name; several get the port in the name, all different', () => {
		assert.deepEqual(recordFilesFor('capture.bin', ['/dev/ttyACM0']), ['capture.bin']);
		assert.deepEqual(recordFilesFor('/data/capture.bin', ['/dev/ttyACM0', '/dev/ttyACM1', '/dev/pts/3']), [
			'/data/capture.ttyACM0.bin',
			'/data/capture.ttyACM1.bin',
			'/data/capture.pts-3.bin',
		]);
		assert.deepEqual(recordFilesFor('capture', ['/tmp/a/relay', '/tmp/b/relay']), ['capture.relay', 'capture.relay-2']);
		assert.equal(recordFileFor('runs.d/capture.tar.bin', 'ttyACM0'), 'runs.d/capture.tar.ttyACM0.bin');
	});

	it("labels are plain file-name text (a USB serial number's colons and slashes too)", () => {
		assert.equal(relayFileLabel('f4:12:fa:01:02:03'), 'f4-12-fa-01-02-03');
		assert.equal(relayFileLabel('/dev/serial/by-id/usb-Espressif_USB_JTAG_serial_debug_unit_F4:12-if00'), 'serial-by-id-usb-Espressif_USB_JTAG_serial_debug_unit_F4-12-if00');
		assert.equal(relayFileLabel('../..'), 'relay');
	});

	it('--port: auto alone, no port twice, auto by default', () => {
		assert.deepEqual(relayPorts(undefined), ['auto']);
		assert.deepEqual(relayPorts(['/dev/ttyACM0', '/dev/ttyACM1']), ['/dev/ttyACM0', '/dev/ttyACM1']);
		assert.throws(() => relayPorts(['auto', '/dev/ttyACM1']), /give it alone/);
		assert.throws(() => relayPorts(['/dev/ttyACM1', '/dev/ttyACM1']), /given twice/);
	});
});
