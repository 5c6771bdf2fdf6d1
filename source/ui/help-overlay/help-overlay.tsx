import {Box, Text} from 'ink';

const KEYS: Array<[string, string]> = [
	['d', 'debug: one log line per frame (time, camera, type, seq, length, checksum) on/off'],
	['p', 'previews of the last good image on/off'],
	['←→ ↑↓ Tab', 'select a camera'],
	['Enter', 'zoom: the selected camera’s last image, large (Esc back)'],
	['l', 'log pane on/off'],
	['r', 'reset the counters'],
	['?', 'this help (Esc closes)'],
	['q  Ctrl-C', 'quit: open images are kept in incomplete/, then exit'],
];

export function HelpOverlay({height, width}: {height: number; width: number}) {
	return (
		<Box flexDirection="column" height={height} width={width} borderStyle="round" borderColor="cyan" paddingX={2} overflow="hidden">
			<Text bold>Keys</Text>
			{KEYS.map(([key, what]) => (
				<Text key={key} wrap="truncate">
					<Text bold color="cyan">
						{key.padEnd(12)}
					</Text>
					{what}
				</Text>
			))}
			<Text> </Text>
			<Text wrap="wrap" dimColor>
				Good images go to the output folder (verified: SHA-256 matches the camera’s HASH; unverified: the HASH was lost). Everything else
				that arrived goes to incomplete/, named with the reason (gap, hash-mismatch, truncated, superseded, timeout, oversize, shutdown).
			</Text>
		</Box>
	);
}
