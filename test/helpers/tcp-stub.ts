import {once} from 'node:events';
import {createServer, type Socket} from 'node:net';
import {after} from 'node:test';

/**
 * A TCP server on a free 127.0.0.1 port that takes every connection and does
 * only what `onConnection` says (nothing: a server that never answers).
 * Closed, with every connection, when the test file ends.
 */
export async function tcpStub(onConnection: (socket: Socket) => void = () => undefined): Promise<number> {
	const sockets = new Set<Socket>();
	const server = createServer(socket => {
		sockets.add(socket);
		socket.on('error', () => undefined);
		onConnection(socket);
	}).listen(0, '127.0.0.1');
	await once(server, 'listening');
	after(() => {
		for (const socket of sockets) socket.destroy();
		server.close();
	});
	return (server.address() as {port: number}).port;
}
