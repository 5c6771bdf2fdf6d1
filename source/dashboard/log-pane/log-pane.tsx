import {Box, Text} from 'ink';
import {memo} from 'react';
import type {LogLine} from '../dashboard-model.js';
import {LogRow} from '../log-view/log-row-view.js';

export const LogPane = memo(function LogPane({lines, rows, width, debug}: {lines: LogLine[]; rows: number; width: number; debug: boolean}) {
	const shown = lines.slice(-rows);
	return (
		<Box flexDirection="column" width={width} height={rows + 2} flexShrink={0} borderStyle="single" borderColor="gray" paddingX={1}>
			{shown.length === 0 ? <Text dimColor>{debug ? 'waiting for frames…' : 'relay text and events appear here'}</Text> : null}
			{shown.map(line => (
				<LogRow key={line.id} line={line} current={false} />
			))}
		</Box>
	);
});
