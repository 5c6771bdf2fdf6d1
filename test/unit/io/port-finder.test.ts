import assert from 'node:assert/strict';
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'node:test';
import {describeOpenError} from '../../../source/io/serial/open-error.js';
import {findBySerialNumber, listFromSysfs, newRelays, relayKey, type SerialDevice} from '../../../source/io/serial/port-finder.js';
import {tempDir} from '../../helpers/temp-dir.js';

const relay = (tty: string, serial: string): SerialDevice => ({path: `/dev/${tty}`, vendorId: '303a', productId: '1001', serialNumber: serial});

describe('choosing the port', () => {
	it('auto takes every Espressif relay (USB vendor 303a, any product) not taken yet, and says why', () => {
		const devices: SerialDevice[] = [
			{path: '/dev/ttyUSB0', vendorId: '10c4', productId: 'ea60'},
			relay('ttyACM3', 'f0:f5:bd:01:02:03'),
			{path: '/dev/ttyACM4', vendorId: '303a', productId: '4001', serialNumber: 's3'},
			{path: '/dev/ttyACM5', vendorId: '303a', productId: '1001'},
		];
		const found = newRelays(devices, new Set());
		assert.deepEqual(
			found.map(choice => [choice.path, choice.serialNumber]),
			[
				['/dev/ttyACM3', 'f0:f5:bd:01:02:03'],
				['/dev/ttyACM4', 's3'],
				['/dev/ttyACM5', undefined],
			],
		);
		assert.match(found[0]!.reason, /303a:1001, serial f0:f5:bd:01:02:03/);
		// Followed by serial number (or, without one, by path): taken ones are not offered again, under any name.
		const taken = new Set(found.map(choice => relayKey(choice)));
		assert.deepEqual(
			newRelays([relay('ttyACM9', 'f0:f5:bd:01:02:03'), relay('ttyACM1', 'new')], taken).map(choice => choice.path),
			['/dev/ttyACM1'],
		);
	});

	it('finds the same relay again by serial number under a new name', async () => {
		assert.equal(await findBySerialNumber('b', () => Promise.resolve([relay('ttyACM0', 'a'), relay('ttyACM4', 'b')])), '/dev/ttyACM4');
		assert.equal(await findBySerialNumber('c', () => Promise.resolve([relay('ttyACM0', 'a')])), undefined);
	});

	it('reads USB ids and serial numbers from sysfs', async () => {
		const root = tempDir();
		const usbDevice = path.join(root, 'devices', 'usb1', '1-1');
		mkdirSync(path.join(usbDevice, '1-1:1.0'), {recursive: true});
		writeFileSync(path.join(usbDevice, 'idVendor'), '303a\n');
		writeFileSync(path.join(usbDevice, 'idProduct'), '1001\n');
		// The serial number is the device's own text: its escape sequences never reach a terminal.
		writeFileSync(path.join(usbDevice, 'serial'), 'F0:F5:BD:01:02:03\u001b]0;owned\u0007\n');
		const classTty = path.join(root, 'class', 'tty');
		mkdirSync(path.join(classTty, 'ttyACM0'), {recursive: true});
		symlinkSync(path.join(usbDevice, '1-1:1.0'), path.join(classTty, 'ttyACM0', 'device'));
		mkdirSync(path.join(classTty, 'ttyS0'));
		mkdirSync(path.join(classTty, 'ttyUSB1'));
		assert.deepEqual(await listFromSysfs(classTty), [{path: '/dev/ttyACM0', vendorId: '303a', productId: '1001', serialNumber: 'f0:f5:bd:01:02:03'}, {path: '/dev/ttyUSB1'}]);
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
