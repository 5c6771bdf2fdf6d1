import assert from 'node:assert/strict';
import {openSync, writeSync, closeSync} from 'node:fs';
import {describe, it} from 'node:test';
import {setTimeout as delay} from 'node:timers/promises';
import {SerialConnection} from '../../source/io/serial/serial-connection.js';
import type {PortHolder} from '../../source/io/serial/port-holders.js';
import {openPtyPair} from '../helpers/pty-pair.js';
import {tempDir} from '../helpers/temp-dir.js';
import {until} from '../helpers/until.js';

describe('looking for other programs on the port', {timeout: 30_000}, () => {
	it('scans /proc every few seconds while bytes come, and seldom while the relay is silent', async () => {
		const pair = await openPtyPair(tempDir());
		const scans: number[] = [];
		let received = 0;
		const connection = new SerialConnection({
			port: pair.host,
			baudRate: 115_200,
			onData(chunk) {
				received += chunk.length;
			},
			onState: () => undefined,
			holderCheckMs: 100,
			quietHolderCheckMs: 60_000,
			holderSettleMs: 60_000,
			findHolders(): Promise<PortHolder[]> {
				scans.push(performance.now());
				return Promise.resolve([]);
			},
		});
		connection.start();
		try {
			await until(() => scans.length === 1, 'the scan on connecting');
			// Silent: ten check intervals go by without a scan.
			await delay(1000);
			assert.equal(scans.length, 1, 'a silent port is not scanned at every check');

			const relay = openSync(pair.relay, 'w');
			try {
				writeSync(relay, Buffer.from('I (123) relay: hello\n'));
				await until(() => received > 0, 'the bytes');
				await until(() => scans.length === 2, 'a scan once bytes came', 2000);
				// Quiet again: no more scans.
				await delay(1000);
				assert.equal(scans.length, 2);
			} finally {
				closeSync(relay);
			}
		} finally {
			await connection.stop();
			await pair.close();
		}
	});

	it('scans every few seconds just after connecting, then seldom while bytes come', async () => {
		const pair = await openPtyPair(tempDir());
		const scans: number[] = [];
		const connection = new SerialConnection({
			port: pair.host,
			baudRate: 115_200,
			onData: () => undefined,
			onState: () => undefined,
			holderCheckMs: 50,
			holderSettleMs: 1000,
			steadyHolderCheckMs: 60_000,
			quietHolderCheckMs: 60_000,
			findHolders(): Promise<PortHolder[]> {
				scans.push(performance.now());
				return Promise.resolve([]);
			},
		});
		connection.start();
		const relay = openSync(pair.relay, 'w');
		// Bytes all the time, as from a busy relay.
		const sending = setInterval(() => writeSync(relay, Buffer.from('I (1) relay: tick\n')), 20);
		try {
			await until(() => scans.length >= 5, 'scans at each check while settling', 2000);
			await delay(1200);
			const afterSettling = scans.length;
			await delay(1000);
			assert.equal(scans.length, afterSettling, 'no scan at every check once settled');
		} finally {
			clearInterval(sending);
			closeSync(relay);
			await connection.stop();
			await pair.close();
		}
	});
});
