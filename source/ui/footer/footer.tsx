import {Text} from 'ink';

export interface FooterProps {
	keysAvailable: boolean;
	debug: boolean;
	previews: boolean;
	previewsDropped: boolean;
	previewsNeedColour: boolean;
}

export function Footer({keysAvailable, debug, previews, previewsDropped, previewsNeedColour}: FooterProps) {
	if (!keysAvailable) {
		return (
			<Text wrap="truncate" color="yellow">
				No keys: this terminal gives no raw input (ssh without -t?). Ctrl-C quits.
			</Text>
		);
	}

	const note = previewsNeedColour ? ' · previews need colour' : previews && previewsDropped ? ' · previews hidden: terminal too small' : '';
	return (
		<Text wrap="truncate">
			<Text dimColor>
				<Key k="d" /> debug {debug ? 'on ' : 'off'} · <Key k="p" /> previews {previews ? 'on ' : 'off'} · <Key k="←→/Tab" /> select · <Key k="Enter" /> zoom ·{' '}
				<Key k="l" /> log · <Key k="r" /> reset · <Key k="?" /> help · <Key k="q" /> quit
			</Text>
			<Text color="yellow">{note}</Text>
		</Text>
	);
}

function Key({k}: {k: string}) {
	return (
		<Text bold color="cyan">
			{k}
		</Text>
	);
}
