import path from 'node:path';
import {Text} from 'ink';
import type {HistoryEntry} from '../history/image-history.js';
import {formatBytes} from '../../core/format.js';
import {logTimestamp} from '../../io/store/timestamps.js';
import {ago} from '../format-time.js';
import {TickingText} from '../ticking-text/ticking-text.js';
import type {HistoryView} from './use-history-view.js';

/** One line under the zoom view's title: when, how large, what became of the image (`partial`: how much of it is drawn), its file. */
export function HistoryCaption({view, partial}: {view: HistoryView; partial?: string}) {
	const {entry, size} = view;
	const sizeText = size.state === 'known' ? formatBytes(size.bytes) : size.state === 'missing' ? size.why : '…';
	return (
		<Text wrap="truncate">
			{logTimestamp(entry.at)}{' '}
			<Text dimColor>
				(<TickingText text={now => ago(entry.at, now)} />)
			</Text>{' '}
			· {sizeText} · <Outcome entry={entry} />
			{partial ? <Text color="yellow"> · {partial}</Text> : null}
			<Text dimColor> · {path.basename(entry.path)}</Text>
		</Text>
	);
}

function Outcome({entry}: {entry: HistoryEntry}) {
	switch (entry.outcome) {
		case 'verified':
			return <Text color="green">✔ verified</Text>;
		case 'unverified':
			return <Text color="yellow">unverified (no HASH)</Text>;
		case 'good':
			return <Text>good (verified or unverified: its name does not say)</Text>;
		case 'incomplete':
			return <Text color="red">✘ incomplete: {entry.reason}</Text>;
	}
}
