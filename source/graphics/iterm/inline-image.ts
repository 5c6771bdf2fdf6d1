/**
 * An iTerm2 inline image (`ESC ] 1337 ; File=... : <base64> BEL`, also drawn
 * by WezTerm and others): the file is sent as it is, so a camera's JPEG goes
 * over the wire without decoding or re-encoding, and the terminal scales it
 * into `columns` x `rows` cells, undistorted. Ends with BEL, which every
 * terminal that knows OSC 1337 takes and tmux passes through.
 */
export function itermInlineImage(file: Uint8Array, columns: number, rows: number): string {
	const base64 = Buffer.from(file.buffer, file.byteOffset, file.byteLength).toString('base64');
	return `\u001B]1337;File=inline=1;size=${file.byteLength};width=${columns};height=${rows};preserveAspectRatio=1:${base64}\u0007`;
}
