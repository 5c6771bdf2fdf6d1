/**
 * The output folder's layout, in one place: ImageStore writes it; the
 * history, retention and the folder note read it back.
 *
 *     <out>/<mac12>_<YYYYmmdd_HHMMSS_ffffff>.jpg                verified (and unverified, together)
 *     <out>/unverified/<mac12>_<timestamp>.jpg                  unverified, with --unverified apart
 *     <out>/incomplete/<mac12>_<timestamp>_<reason>.jpg         everything else that arrived
 *     <out>/volt.log                                            each HASH's battery reading
 *
 * The timestamp is local time. Anything else in those folders (other files,
 * hidden temporaries, names a person or another tool made) is not an image of
 * ours and is ignored.
 */
import {macToCompact, type MacNumber} from '../../core/protocol/mac.js';
import type {IncompleteReason} from '../../core/reassembly/camera-stats.js';
import {fileTimestamp} from './timestamps.js';

export const INCOMPLETE_FOLDER = 'incomplete';
/** With `--unverified apart`: good images that came without a HASH, kept away from the proven ones. */
export const UNVERIFIED_FOLDER = 'unverified';
export const VOLT_LOG = 'volt.log';

/** Which folder a name was found in: the folder says what the image is. */
export type ImageFolder = 'good' | 'unverified' | 'incomplete';

/** Where each kind of image lives (a subfolder of the output folder, '' for itself), in the order retention gives them up: incomplete first, good last. */
export const IMAGE_FOLDERS: readonly {folder: ImageFolder; subfolder: string}[] = [
	{folder: 'incomplete', subfolder: INCOMPLETE_FOLDER},
	{folder: 'unverified', subfolder: UNVERIFIED_FOLDER},
	{folder: 'good', subfolder: ''},
];

/** `unknown`: ImageStore's name for an incomplete image without a reason (it never makes one today). */
export type NamedReason = IncompleteReason | 'unknown';

export const NAMED_REASONS: readonly NamedReason[] = ['gap', 'hash-mismatch', 'not-jpeg', 'truncated', 'undecodable', 'superseded', 'timeout', 'oversize', 'shutdown', 'unknown'];

/** The subfolder of the output folder that holds `folder`'s images ('' for the output folder itself). */
export function subfolderOf(folder: ImageFolder): string {
	return folder === 'incomplete' ? INCOMPLETE_FOLDER : folder === 'unverified' ? UNVERIFIED_FOLDER : '';
}

export interface ParsedImageName {
	mac: MacNumber;
	/** The local date and time to the second, as the digits `YYYYmmddHHMMSS`. */
	stamp: number;
	/** The microseconds of the name (0..999999). */
	micros: number;
	/** Epoch milliseconds (with a fraction) of that local time. */
	at: number;
	reason?: NamedReason;
}

const GOOD_NAME = /^([0-9a-f]{12})_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})_(\d{6})\.jpg$/;
const INCOMPLETE_NAME = /^([0-9a-f]{12})_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})_(\d{6})_([a-z-]{1,20})\.jpg$/;
/** Longer than any name of ours: spares the regular expressions odd long names. */
const LONGEST_NAME = 64;

/** The image a file name in `folder` stands for, or undefined when it is not one of our names. */
export function parseImageName(name: string, folder: ImageFolder): ParsedImageName | undefined {
	if (name.length > LONGEST_NAME) return undefined;
	const match = (folder === 'incomplete' ? INCOMPLETE_NAME : GOOD_NAME).exec(name);
	if (!match) return undefined;
	const [year, month, day, hours, minutes, seconds, micros] = match.slice(2, 9).map(Number) as [number, number, number, number, number, number, number];
	if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
	if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
	let reason: NamedReason | undefined;
	if (folder === 'incomplete') {
		reason = NAMED_REASONS.find(known => known === match[9]);
		if (reason === undefined) return undefined;
	}

	const at = new Date(year, month - 1, day, hours, minutes, seconds).getTime() + micros / 1000;
	const stamp = ((((year * 100 + month) * 100 + day) * 100 + hours) * 100 + minutes) * 100 + seconds;
	return {mac: Number.parseInt(match[1]!, 16), stamp, micros, at, reason};
}

/** The name ImageStore gives an image saved at `epochMicros`; an incomplete one carries its reason. */
export function imageNameAt(mac: MacNumber, epochMicros: number, reason?: NamedReason): string {
	return `${macToCompact(mac)}_${fileTimestamp(epochMicros)}${reason === undefined ? '' : `_${reason}`}.jpg`;
}

/** The file name of an image, from what parseImageName read (the inverse). */
export function imageFileName(mac: MacNumber, stamp: number, micros: number, reason?: NamedReason): string {
	const digits = String(stamp).padStart(14, '0');
	const time = `${digits.slice(0, 8)}_${digits.slice(8)}_${String(micros).padStart(6, '0')}`;
	return `${mac.toString(16).padStart(12, '0')}_${time}${reason === undefined ? '' : `_${reason}`}.jpg`;
}

function daysInMonth(year: number, month: number): number {
	return new Date(year, month, 0).getDate();
}
