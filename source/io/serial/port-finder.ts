import {readdir, readFile, realpath} from 'node:fs/promises';
import path from 'node:path';
import {sanitizeDeviceText} from '../../core/protocol/sanitize-text.js';

/** USB IDs of the ESP32-C3's built-in USB-Serial/JTAG. */
export const ESPRESSIF_VENDOR_ID = '303a';
export const USB_SERIAL_JTAG_PRODUCT_ID = '1001';
export const FALLBACK_PORT = '/dev/ttyACM0';

export interface SerialDevice {
	path: string;
	vendorId?: string;
	productId?: string;
	serialNumber?: string;
}

export interface PortChoice {
	path: string;
	/** Why this port, in words for the user. */
	reason: string;
	/** Its USB serial number, when it has one: used to find the same device again after an unplug. */
	serialNumber?: string;
}

export type DeviceLister = () => Promise<SerialDevice[]>;

/**
 * Lists serial devices. On Linux this reads sysfs directly: serialport's own
 * list() needs `udevadm`, which containers and minimal systems lack.
 */
export async function listSerialDevices(): Promise<SerialDevice[]> {
	if (process.platform === 'linux') return listFromSysfs();
	const {SerialPort} = await import('serialport');
	const ports = await SerialPort.list();
	return ports.map(port => ({
		path: port.path,
		vendorId: port.vendorId?.toLowerCase(),
		productId: port.productId?.toLowerCase(),
		serialNumber: port.serialNumber === undefined ? undefined : sanitizeDeviceText(port.serialNumber),
	}));
}

export async function listFromSysfs(sysClassTty = '/sys/class/tty'): Promise<SerialDevice[]> {
	let names: string[];
	try {
		names = await readdir(sysClassTty);
	} catch {
		return [];
	}

	const devices: SerialDevice[] = [];
	for (const name of names.filter(entry => /^tty(ACM|USB)\d+$/.test(entry)).sort()) {
		const device: SerialDevice = {path: `/dev/${name}`};
		try {
			// device → the USB interface; its parent folder is the USB device with the IDs.
			const usbDevice = path.dirname(await realpath(path.join(sysClassTty, name, 'device')));
			device.vendorId = await readAttribute(usbDevice, 'idVendor');
			device.productId = await readAttribute(usbDevice, 'idProduct');
			device.serialNumber = await readAttribute(usbDevice, 'serial');
		} catch {
			// Not a USB device, or no sysfs attributes: still a candidate by name.
		}

		devices.push(device);
	}

	return devices;
}

async function readAttribute(folder: string, name: string): Promise<string | undefined> {
	try {
		// The USB serial number is the device's own text: it reaches the header and the log.
		return sanitizeDeviceText((await readFile(path.join(folder, name), 'utf8')).trim().toLowerCase()).slice(0, 64) || undefined;
	} catch {
		return undefined;
	}
}

/** Any Espressif USB device: the ESP32-C3's USB-Serial/JTAG (303a:1001), or another Espressif chip's USB CDC. */
export function isEspressif(device: SerialDevice): boolean {
	return device.vendorId === ESPRESSIF_VENDOR_ID;
}

/** What a relay is followed by across unplugs: its USB serial number, else (none given) its path. */
export function relayKey(device: SerialDevice): string {
	return device.serialNumber ? `serial ${device.serialNumber}` : `path ${device.path}`;
}

/** `--port auto`: the Espressif relays among `devices` whose relayKey is not taken yet, each with why, in words. */
export function newRelays(devices: readonly SerialDevice[], taken: ReadonlySet<string>): PortChoice[] {
	return devices
		.filter(device => isEspressif(device) && !taken.has(relayKey(device)))
		.map(device => {
			const ids = `${device.vendorId}:${device.productId ?? '?'}${device.serialNumber ? `, serial ${device.serialNumber}` : ''}`;
			return {path: device.path, reason: `auto: Espressif relay (${ids})`, serialNumber: device.serialNumber};
		});
}

/** After an unplug the same relay may come back under another name: find it by serial number. */
export async function findBySerialNumber(serialNumber: string, list: DeviceLister = listSerialDevices): Promise<string | undefined> {
	try {
		return (await list()).find(device => isEspressif(device) && device.serialNumber === serialNumber)?.path;
	} catch {
		return undefined;
	}
}
