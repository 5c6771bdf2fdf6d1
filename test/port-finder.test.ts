import assert from 'node:assert/strict';
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {describeOpenError} from '../source/ingest/open-error.js';
import {choosePort, findBySerialNumber, listFromSysfs, type SerialDevice} from '../source/ingest/port-finder.js';
import {tempDir} from './helpers/temp-dir.js';

const relay = (tty: string, serial: string): SerialDevice => ({path: `/dev/${tty}`, vendorId: '303a', productId: '1001', serialNumber: serial});

describe('choosing the port', () => {
	it('takes the one Espressif USB-Serial/JTAG and says why', async () => {
		const choice = await choosePort(async () => [{path: '/dev/ttyUSB0', vendorId: '10c4', productId: 'ea60'}, relay('ttyACM3', 'f0:f5:bd:01:02:03')]);
		assert.equal(choice.path, '/dev/ttyACM3');
		assert.equal(choice.serialNumber, 'f0:f5:bd:01:02:03');
		assert.match(choice.reason, /303a:1001/);
	});

	it('falls back to /dev/ttyACM0 with none or several, saying so', async () => {
		const none = await choosePort(async () => []);
		assert.equal(none.path, '/dev/ttyACM0');
		assert.match(none.reason, /no Espressif/);
		const two = await choosePort(async () => [relay('ttyACM0', 'a'), relay('ttyACM1', 'b')]);
		assert.equal(two.path, '/dev/ttyACM0');
		assert.match(two.reason, /2 Espressif relays .*--port/);
		const failing = await choosePort(async () => {
			throw new Error('udevadm missing');
		});
		assert.equal(failing.path, '/dev/ttyACM0');
	});

	it('finds the same relay again by serial number under a new name', async () => {
		assert.equal(await findBySerialNumber('b', async () => [relay('ttyACM0', 'a'), relay('ttyACM4', 'b')]), '/dev/ttyACM4');
		assert.equal(await findBySerialNumber('c', async () => [relay('ttyACM0', 'a')]), undefined);
	});

	it('reads USB ids and serial numbers from sysfs', async () => {
		const root = tempDir();
		const usbDevice = path.join(root, 'devices', 'usb1', '1-1');
		mkdirSync(path.join(usbDevice, '1-1:1.0'), {recursive: true});
		writeFileSync(path.join(usbDevice, 'idVendor'), '303a\n');
		writeFileSync(path.join(usbDevice, 'idProduct'), '1001\n');
		writeFileSync(path.join(usbDevice, 'serial'), 'F0:F5:BD:01:02:03\n');
		const classTty = path.join(root, 'class', 'tty');
		mkdirSync(path.join(classTty, 'ttyACM0'), {recursive: true});
		symlinkSync(path.join(usbDevice, '1-1:1.0'), path.join(classTty, 'ttyACM0', 'device'));
		mkdirSync(path.join(classTty, 'ttyS0'));
		mkdirSync(path.join(classTty, 'ttyUSB1'));
		assert.deepEqual(await listFromSysfs(classTty), [
			{path: '/dev/ttyACM0', vendorId: '303a', productId: '1001', serialNumber: 'f0:f5:bd:01:02:03'},
			{path: '/dev/ttyUSB1'},
		]);
	});
});

describe('open errors in plain words', () => {
	it('explains not found, permission (dialout) and busy', () => {
		assert.equal(describeOpenError('/dev/ttyACM0', new Error('Error: No such file or directory, cannot open /dev/ttyACM0')).kind, 'not-found');
		const permission = describeOpenError('/dev/ttyACM0', new Error('Error: Permission denied, cannot open /dev/ttyACM0'));
		assert.equal(permission.kind, 'permission');
		assert.match(permission.message, /dialout/);
		assert.match(permission.message, /udev/);
		const busy = describeOpenError('/dev/ttyACM0', new Error('Error Resource temporarily unavailable Cannot lock port'));
		assert.equal(busy.kind, 'busy');
		assert.match(busy.message, /another program/);
		assert.equal(describeOpenError('/dev/x', new Error('Error: Input/output error, cannot open /dev/x')).kind, 'other');
	});
});
