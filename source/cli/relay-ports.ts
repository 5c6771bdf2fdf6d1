import {UsageError} from '../runtime/flag-validation.js';
import {MAX_RELAYS} from '../core/reassembly/reassembler.js';

/**
 * `--port` given once or more: the ports in order (default `auto`). `auto`
 * takes every relay itself, so it stands alone; a port given twice would
 * read one relay twice.
 */
export function relayPorts(values: readonly string[] | undefined): string[] {
	const ports = values === undefined || values.length === 0 ? ['auto'] : [...values];
	for (const port of ports) if (port.trim() === '') throw new UsageError('--port needs a value');
	if (ports.length > 1 && ports.includes('auto')) throw new UsageError('--port auto takes every Espressif relay plugged in: give it alone, or name each port');
	const twice = ports.find((port, index) => ports.indexOf(port) !== index);
	if (twice !== undefined) throw new UsageError(`--port ${twice} is given twice`);
	if (ports.length > MAX_RELAYS) throw new UsageError(`at most ${MAX_RELAYS} ports (got ${ports.length})`);
	return ports;
}
