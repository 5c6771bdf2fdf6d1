import {readFile} from 'node:fs/promises';
import {parse as parseToml} from 'smol-toml';
import {parseMac, type MacNumber} from '../protocol/mac.js';
import {sanitizeDeviceText} from '../protocol/sanitize-text.js';
import {FatalError} from './fatal-error.js';

/**
 * `--cameras FILE`: names for MACs, from the relay's own `cfg.toml`
 * (`[usb_cdc_receiver]` section, `name = "AA:BB:CC:DD:EE:FF"`) or from JSON
 * (`{"aa:bb:cc:dd:ee:ff": "name"}`).
 */
export async function loadCameraNames(file: string): Promise<Map<MacNumber, string>> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		throw new FatalError(`cannot read camera names ${file}: ${(error as Error).message}`);
	}

	try {
		return file.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{') ? fromJson(text) : fromToml(text);
	} catch (error) {
		throw new FatalError(`cannot read camera names ${file}: ${(error as Error).message}`);
	}
}

export function fromJson(text: string): Map<MacNumber, string> {
	const value = JSON.parse(text) as unknown;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('expected {"mac": "name", ...}');
	const names = new Map<MacNumber, string>();
	for (const [mac, name] of Object.entries(value)) add(names, mac, name);
	return names;
}

export function fromToml(text: string): Map<MacNumber, string> {
	const section = (parseToml(text) as Record<string, unknown>)['usb_cdc_receiver'];
	if (typeof section !== 'object' || section === null) throw new Error('no [usb_cdc_receiver] section');
	const names = new Map<MacNumber, string>();
	for (const [name, mac] of Object.entries(section)) {
		if (typeof mac === 'string' && parseMac(mac) !== undefined) add(names, mac, name);
	}

	return names;
}

function add(names: Map<MacNumber, string>, mac: string, name: unknown): void {
	const number = parseMac(mac);
	if (number === undefined) throw new Error(`"${mac}" is not a MAC address`);
	if (typeof name !== 'string') throw new Error(`the name for ${mac} is not text`);
	// Names are shown in the terminal: no escape sequences, and not endless.
	names.set(number, sanitizeDeviceText(name).slice(0, 40));
}
