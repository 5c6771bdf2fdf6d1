import {readFile} from 'node:fs/promises';
import {parse as parseToml} from 'smol-toml';
import {parseMac, type MacNumber} from '../core/protocol/mac.js';
import {sanitizeDeviceText} from '../core/protocol/sanitize-text.js';
import {parseInterval} from '../core/health/interval-text.js';
import {FatalError} from '../runtime/fatal-error.js';

/** What the cameras file says: names, and intervals between wakes (ms) for judging a camera overdue. */
export interface CameraFile {
	names: Map<MacNumber, string>;
	intervals: Map<MacNumber, number>;
}

/**
 * `--cameras FILE`: names for MACs, from the relay's own `cfg.toml`
 * (`[usb_cdc_receiver]` section, `name = "AA:BB:CC:DD:EE:FF"`) or from JSON
 * (`{"aa:bb:cc:dd:ee:ff": "name"}`).
 */
export async function loadCameraNames(file: string): Promise<Map<MacNumber, string>> {
	return (await loadCameraFile(file)).names;
}

/**
 * `--cameras FILE` in full: besides the forms above, JSON
 * `{"aa:bb:cc:dd:ee:ff": {"name": "gate", "interval": "5m"}}` and TOML
 * `[cameras.gate]` tables with `mac = "…"` and `interval = "5m"`.
 */
export async function loadCameraFile(file: string): Promise<CameraFile> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new FatalError(`cannot read camera names ${file}: ${(error as Error).message}`);
	}

	try {
		return file.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{') ? cameraFileFromJson(text) : cameraFileFromToml(text);
	} catch (error) {
		throw new FatalError(`cannot read camera names ${file}: ${(error as Error).message}`);
	}
}

function cameraFileFromJson(text: string): CameraFile {
	const value = JSON.parse(text) as unknown;
	if (!isTable(value)) throw new Error('expected {"mac": "name", ...}');
	const file: CameraFile = {names: new Map(), intervals: new Map()};
	for (const [mac, entry] of Object.entries(value)) {
		if (isTable(entry)) {
			if (entry.name !== undefined) add(file.names, mac, entry.name);
			addInterval(file.intervals, mac, entry.interval);
		} else add(file.names, mac, entry);
	}

	return file;
}

function cameraFileFromToml(text: string): CameraFile {
	const document = parseToml(text) as Record<string, unknown>;
	const section = document.usb_cdc_receiver;
	const cameras = document.cameras;
	if (!isTable(section) && !isTable(cameras)) throw new Error('no [usb_cdc_receiver] section and no [cameras.<name>] tables');
	const file: CameraFile = {names: new Map(), intervals: new Map()};
	for (const [name, mac] of Object.entries(isTable(section) ? section : {})) {
		if (typeof mac === 'string' && parseMac(mac) !== undefined) add(file.names, mac, name);
	}

	for (const [name, entry] of Object.entries(isTable(cameras) ? cameras : {})) {
		if (!isTable(entry) || typeof entry.mac !== 'string') throw new Error(`[cameras.${name}] needs mac = "AA:BB:CC:DD:EE:FF"`);
		add(file.names, entry.mac, name);
		addInterval(file.intervals, entry.mac, entry.interval);
	}

	return file;
}

function isTable(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function addInterval(intervals: Map<MacNumber, number>, mac: string, interval: unknown): void {
	if (interval === undefined) return;
	const number = parseMac(mac);
	if (number === undefined) throw new Error(`"${mac}" is not a MAC address`);
	const ms = parseInterval(interval);
	if (ms === undefined) throw new Error(`the interval for ${mac} is not a time such as "90s", "5m" or "1h" (got ${JSON.stringify(interval)})`);
	intervals.set(number, ms);
}

function add(names: Map<MacNumber, string>, mac: string, name: unknown): void {
	const number = parseMac(mac);
	if (number === undefined) throw new Error(`"${mac}" is not a MAC address`);
	if (typeof name !== 'string') throw new Error(`the name for ${mac} is not text`);
	// Names are shown in the terminal: no escape sequences, and not endless.
	names.set(number, sanitizeDeviceText(name).slice(0, 40));
}
