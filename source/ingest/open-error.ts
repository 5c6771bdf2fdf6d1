/** Serial open failures, in plain words with what to do about them. */
export interface OpenFailure {
	kind: 'not-found' | 'permission' | 'busy' | 'other';
	message: string;
}

export function describeOpenError(portPath: string, error: Error): OpenFailure {
	const text = error.message;
	if (/no such file|ENOENT|not found|No such device/i.test(text)) {
		return {kind: 'not-found', message: `not found, waiting for it (is the relay plugged in?)`};
	}

	if (/permission denied|EACCES|access denied/i.test(text)) {
		return {
			kind: 'permission',
			message:
				'permission denied: add yourself to the dialout group ' +
				'(sudo usermod -aG dialout $USER, then log out and in) or add a udev rule for 303a:1001',
		};
	}

	if (/cannot lock|resource temporarily unavailable|busy|EBUSY/i.test(text)) {
		return {
			kind: 'busy',
			message: 'busy: another program holds the port (a serial monitor, screen, minicom, ModemManager?)',
		};
	}

	return {kind: 'other', message: `cannot open ${portPath}: ${text}`};
}
