import {once} from 'node:events';
import {createServer} from 'node:net';

/** A TCP port free on 127.0.0.1 now, for a server that cannot be told to listen on port 0. */
export async function freePort(): Promise<number> {
	const server = createServer().listen(0, '127.0.0.1');
	await once(server, 'listening');
	const {port} = server.address() as {port: number};
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}
