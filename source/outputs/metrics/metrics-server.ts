import {createServer, type Server} from 'node:http';
import {once} from 'node:events';
import {FatalError} from '../../runtime/fatal-error.js';
import type {Registry} from 'prom-client';

export interface MetricsAddress {
	/** Undefined: every interface, as Prometheus exporters do. */
	host?: string;
	port: number;
}

/** `--metrics [host:]port`, or undefined when it is not one. */
export function parseMetricsAddress(text: string): MetricsAddress | undefined {
	const match = /^(?:(\[[0-9a-fA-F:.]+\]|[^:]+):)?(\d{1,5})$/.exec(text.trim());
	if (!match) return undefined;
	const port = Number(match[2]);
	if (port < 1 || port > 65_535) return undefined;
	const host = match[1]?.replace(/^\[|\]$/g, '');
	return host === undefined ? {port} : {host, port};
}

/**
 * Serves `GET /metrics` from `registry` for Prometheus. Scrapes are answered
 * from counters kept as events come: a scrape never waits on the serial port
 * and the serial port never waits on a scrape. Rejects with a FatalError when
 * the address cannot be listened on (in use, not allowed).
 */
export async function serveMetrics(registry: Registry, address: MetricsAddress): Promise<{close: () => Promise<void>; port: number}> {
	const server: Server = createServer((request, response) => {
		if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
			response.writeHead(404, {'content-type': 'text/plain'}).end('esp-cam-monitor: metrics are at /metrics\n');
			return;
		}

		registry.metrics().then(
			text => response.writeHead(200, {'content-type': registry.contentType}).end(text),
			(error: Error) => response.writeHead(500, {'content-type': 'text/plain'}).end(`${error.message}\n`),
		);
	});
	// A client gone mid-answer is an ordinary event.
	server.on('clientError', (_error, socket) => socket.destroy());
	server.listen(address.port, address.host);
	try {
		await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error as Error))]);
	} catch (error) {
		const {code, message} = error as NodeJS.ErrnoException;
		const where = `${address.host ?? '*'}:${address.port}`;
		throw new FatalError(`cannot serve metrics on ${where}: ${code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : message}`);
	}

	server.unref();
	const port = (server.address() as {port: number}).port;
	return {
		port,
		close: async () =>
			new Promise<void>(resolve => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
