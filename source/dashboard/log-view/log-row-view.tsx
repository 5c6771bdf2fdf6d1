import {Text} from 'ink';
import type {LogLine} from '../dashboard-model.js';
import {rowSegments, TONE_COLOURS} from './log-row.js';

/** One log line, `time tag text`, for the log pane and the full-screen log; `highlight`ed matches shown inverse (`current`: the one jumped to). */
export function LogRow({line, highlight, current}: {line?: LogLine; highlight?: RegExp; current: boolean}) {
	if (!line) return <Text> </Text>;
	return (
		<Text wrap="truncate">
			{rowSegments(line, highlight).map((segment, index) =>
				segment.match ? (
					<Text key={index} inverse={!current} color={current ? 'black' : undefined} backgroundColor={current ? 'yellow' : undefined}>
						{segment.text}
					</Text>
				) : (
					<Text key={index} dimColor={segment.part === 'clock'} color={segment.part === 'tag' ? TONE_COLOURS[line.tone] : undefined}>
						{segment.text}
					</Text>
				),
			)}
		</Text>
	);
}
