/**
 * kitty graphics protocol commands (APC `ESC _ G <keys> ; <payload> ESC \`).
 * Everything here is quiet (q=2): a reply would arrive among the user's
 * keys, long after anyone waits for it.
 */
const ESC = '\u001B';
/** The protocol's limit for the base64 payload of one command. */
export const MAX_CHUNK = 4096;

export interface TransmitOptions {
	imageId: number;
	/** The virtual placement's size in cells: the image is fit inside it, undistorted. */
	columns: number;
	rows: number;
	/** A PNG file's bytes (f=100). */
	png: Uint8Array;
}

/**
 * Transmits a PNG and makes a virtual placement of it (a=T, U=1) in one go,
 * as commands of at most 4096 payload bytes each (m=1 on all but the last).
 * Shown nowhere until placeholder text for `imageId` is drawn.
 */
export function kittyTransmit({imageId, columns, rows, png}: TransmitOptions): string[] {
	const payload = Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64');
	const keys = `a=T,U=1,q=2,f=100,i=${imageId},c=${columns},r=${rows}`;
	if (payload.length <= MAX_CHUNK) return [command(keys, payload)];
	const commands: string[] = [];
	for (let start = 0; start < payload.length; start += MAX_CHUNK) {
		const more = start + MAX_CHUNK < payload.length ? 1 : 0;
		// Only the first command carries the keys; the others only m.
		commands.push(command(start === 0 ? `${keys},m=1` : `m=${more}`, payload.slice(start, start + MAX_CHUNK)));
	}

	return commands;
}

/** Deletes image `imageId`, its placements and its data (d=I frees the terminal's memory; d=i would keep the data). */
export function kittyDelete(imageId: number, freeData = true): string {
	return command(`a=d,d=${freeData ? 'I' : 'i'},i=${imageId},q=2`);
}

function command(keys: string, payload?: string): string {
	return `${ESC}_G${keys}${payload === undefined ? '' : `;${payload}`}${ESC}\\`;
}
