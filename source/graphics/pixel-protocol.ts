import type {PixelProtocol} from '../terminal/terminal-probe-decision.js';

/**
 * Whether a preview mode or --previews choice is one of the pixel protocols.
 * Apart from the encoders (pixel-picture.ts), which only the preview worker
 * runs: the dashboard's thread asks this without loading them.
 */
export function isPixelProtocol(mode: string): mode is PixelProtocol {
	return mode === 'kitty' || mode === 'sixel' || mode === 'iterm';
}
