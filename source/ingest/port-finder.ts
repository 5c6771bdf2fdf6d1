import {readdir, readFile, realpath} from 'node:fs/promises';
import path from 'node:path';

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
	/** Set when auto-detected: used to find the same device again after an unplug. */
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
		serialNumber: port.serialNumber,
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
		return (await readFile(path.join(folder, name), 'utf8')).trim().toLowerCase() || undefined;
	} catch {
		return undefined;
	}
}

function isEspressifJtag(device: SerialDevice): boolean {
	return device.vendorId === ESPRESSIF_VENDOR_ID && device.productId === USB_SERIAL_JTAG_PRODUCT_ID;
}

/** `--port auto`: the one Espressif USB-Serial/JTAG if exactly one is present, else /dev/ttyACM0. */
export async function choosePort(list: DeviceLister = listSerialDevices): Promise<PortChoice> {
	let devices: SerialDevice[];
	try {
		devices = await list();
	} catch (error) {
		return {path: FALLBACK_PORT, reason: `could not list serial ports (${(error as Error).message}); using ${FALLBACK_PORT}`};
	}

	const relays = devices.filter(isEspressifJtag);
	if (relays.length === 1) {
		const relay = relays[0]!;
		const serial = relay.serialNumber ? `, serial ${relay.serialNumber}` : '';
		return {path: relay.path, reason: `auto: the one Espressif USB-Serial/JTAG (303a:1001${serial})`, serialNumber: relay.serialNumber};
	}

	if (relays.length > 1) {
		const paths = relays.map(relay => relay.path).join(', ');
		return {path: FALLBACK_PORT, reason: `auto: ${relays.length} Espressif relays (${paths}); using ${FALLBACK_PORT}, pick one with --port`};
	}

	return {path: FALLBACK_PORT, reason: `auto: no Espressif USB-Serial/JTAG found; using ${FALLBACK_PORT}`};
}

/** After an unplug the same relay may come back under another name: find it by serial number. */
export async function findBySerialNumber(serialNumber: string, list: DeviceLister = listSerialDevices): Promise<string | undefined> {
	try {
		return (await list()).find(device => isEspressifJtag(device) && device.serialNumber === serialNumber)?.path;
	} catch {
		return undefined;
	}
}
