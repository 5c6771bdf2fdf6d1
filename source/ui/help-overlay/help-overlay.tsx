import {Box, Text} from 'ink';
import type {PortView} from '../ingest-tracker.js';

const KEYS: Array<[string, string]> = [
	// Each line fits 80 columns (62 characters beside the key), so that nothing is cut there.
	['d', 'debug: one log line per frame (type, seq, checksum) on/off'],
	// `P` shares `p`'s line: help must fit 80x24 with the port's trouble above it.
	['p  P', 'previews of the last good image on/off · P: octant, sextant, quadrant or half-block cells'],
	['←→ ↑↓ Tab', 'select a camera'],
	['Enter', 'zoom: ←→ older/newer, Home/End, also earlier runs’ (Esc back)'],
	['l', 'log: pane → full screen → hidden'],
	['↑↓ PgUp/Dn', 'full-screen log: scroll (Home oldest, End newest, following)'],
	['f  /  n  N', 'full-screen log: this camera, search, next/previous match'],
	['r', 'count from zero on screen (the exit summary counts all)'],
	['s', 'troubled cameras first (overdue, battery, loss) / usual order'],
	['?', 'this help (Esc closes)'],
	['Ctrl-Z', 'suspend (fg to come back)'],
	['q  Ctrl-C', 'quit: open images are kept in incomplete/, then exit'],
];

export interface HelpOverlayProps {
	height: number;
	width: number;
	/** The port's trouble, shown here in full (the header has room for its start only). */
	portProblem?: PortView;
	/** The preview cells now, and why. */
	previews?: string;
}

export function HelpOverlay({height, width, portProblem, previews}: HelpOverlayProps) {
	return (
		<Box flexDirection="column" height={height} width={width} borderStyle="round" borderColor="cyan" paddingX={2} overflow="hidden">
			{portProblem ? (
				<Box flexShrink={0} marginBottom={1}>
					<Text wrap="wrap" color="yellow">
						{portProblem.state} {portProblem.name}: {portProblem.detail}
					</Text>
				</Box>
			) : null}
			{/* The keys keep their rows; on a short terminal the text below is what gets cut. */}
			<Box flexDirection="column" flexShrink={0}>
				<Text bold>Keys</Text>
				{KEYS.map(([key, what]) => (
					<Box key={key}>
						<Box width={12} flexShrink={0}>
							<Text bold color="cyan">
								{key}
							</Text>
						</Box>
						{/* The previews' reason can be long: it wraps under itself rather than being cut. */}
						<Text wrap={key === 'p  P' ? 'wrap' : 'truncate'}>{key === 'p  P' && previews ? `previews on/off · P cells: ${previews}` : what}</Text>
					</Box>
				))}
			</Box>
			<Text> </Text>
			<Text wrap="wrap" dimColor>
				Good images go to the output folder (verified: SHA-256 matches the camera’s HASH; unverified: the HASH was lost). Everything else
				that arrived goes to incomplete/, named with the reason (gap, hash-mismatch, not-jpeg, truncated, undecodable, superseded, timeout, oversize, shutdown).
			</Text>
		</Box>
	);
}
