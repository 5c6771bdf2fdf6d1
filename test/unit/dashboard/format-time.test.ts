import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {ago, duration} from '../../../source/dashboard/format-time.js';

describe('times as the dashboard shows them', () => {
	it('an uptime in hours, minutes and seconds; never below zero (a clock read a millisecond apart)', () => {
		assert.equal(duration(0), '0:00:00');
		assert.equal(duration(3_723_999), '1:02:03');
		assert.equal(duration(-1), '0:00:00');
		assert.equal(duration(-5000), '0:00:00');
	});

	it('how long ago, in seconds, minutes or hours; never in the future', () => {
		assert.equal(ago(10_000, 22_400), '12 s ago');
		assert.equal(ago(0, 180_000), '3 min ago');
		assert.equal(ago(0, 7_200_000), '2 h ago');
		assert.equal(ago(5000, 4000), '0 s ago');
	});
});
