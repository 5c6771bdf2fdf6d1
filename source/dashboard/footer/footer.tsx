import {Box, Text} from 'ink';
import {memo} from 'react';
import {footerItems, type FooterState} from './footer-items.js';

export interface FooterProps extends FooterState {
	width: number;
	keysAvailable: boolean;
}

export const Footer = memo(function Footer({width, keysAvailable, ...state}: FooterProps) {
	if (!keysAvailable) {
		return (
			<Box width={width} height={1}>
				<Text wrap="truncate" color="yellow">
					No keys: no terminal to read them from (no controlling terminal). Ctrl-C quits.
				</Text>
			</Box>
		);
	}

	const items = footerItems(width, state);
	return (
		<Box width={width} height={1}>
			<Text wrap="truncate">
				{items.map((item, index) => (
					<Text key={item.key} dimColor>
						{index > 0 ? ' · ' : ''}
						<Text bold color="cyan">
							{item.key}
						</Text>{' '}
						{item.label}
					</Text>
				))}
			</Text>
		</Box>
	);
});
