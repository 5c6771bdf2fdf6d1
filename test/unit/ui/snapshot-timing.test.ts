import assert from 'node:assert/strict';
import {test} from 'node:test';
import {SETTINGS} from '../../helpers/fake-session.js';
import {IngestTracker} from '../../../source/ui/ingest-tracker.js';

// Rates and sparklines are of whole seconds: the once-a-second snapshot comes late in each second,
// so that one taken for a new image earlier in that second has shown them (the tick then draws nothing).
test('the once-a-second snapshot is taken late in each second of the pipeline\'s clock', () => {
	const tracker = new IngestTracker(SETTINGS);
	assert.equal(tracker.msToNextSnapshot(1_700_000_012_000), 900);
	assert.equal(tracker.msToNextSnapshot(1_700_000_012_300), 600);
	assert.equal(tracker.msToNextSnapshot(1_700_000_012_899), 1001, 'not again in the same second when the timer fired early');
	assert.equal(tracker.msToNextSnapshot(1_700_000_012_900), 1000);
	assert.equal(tracker.msToNextSnapshot(1_700_000_012_950), 950);
});
