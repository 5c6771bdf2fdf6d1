import {sanitizeDeviceText} from '../../core/protocol/sanitize-text.js';

/**
 * What one write came to:
 * - written: the server took the points
 * - rejected: the server read the request and refused these points (bad
 *   data, a field type conflict): sending them again cannot help
 * - retry: the server could not be reached, or is busy or broken: try again
 * - failed: wrong credentials, or no such database / bucket: it will not
 *   work until someone changes something (tried again now and then)
 */
export type WriteOutcome = {kind: 'written'} | {kind: 'rejected'; detail: string} | {kind: 'retry'; detail: string} | {kind: 'failed'; detail: string};

const MAX_SERVER_TEXT = 120;

/** The outcome of an HTTP answer; `body` is the server's text (it may say anything: cleaned and cut here). `withCredentials`: whether any were sent. */
export function outcomeOfResponse(status: number, body: string, api: 'v1' | 'v2', withCredentials = true): WriteOutcome {
	if (status >= 200 && status < 300) return {kind: 'written'};
	const says = serverText(body);
	const because = says ? `: ${says}` : '';
	if (status === 401 || status === 403) return {kind: 'failed', detail: `${withCredentials ? 'wrong credentials' : 'credentials needed'} (HTTP ${status})${because}`};
	if (status === 404) return {kind: 'failed', detail: `${api === 'v1' ? 'database' : 'bucket or org'} not found (HTTP 404)${because}`};
	if (status === 400 || status === 413 || status === 422) return {kind: 'rejected', detail: `points refused (HTTP ${status})${because}`};
	if (status === 429 || status === 503) return {kind: 'retry', detail: `server busy (HTTP ${status})`};
	if (status >= 500) return {kind: 'retry', detail: `server error (HTTP ${status})${because}`};
	return {kind: 'retry', detail: `unexpected answer (HTTP ${status})`};
}

/** The outcome of a request that got no answer: refused, DNS, timeout… in plain words. */
export function outcomeOfError(error: unknown, timeoutMs: number): WriteOutcome {
	if (error instanceof DOMException && error.name === 'TimeoutError') return {kind: 'retry', detail: `no answer within ${timeoutMs / 1000} s`};
	const cause = (error as {cause?: NodeJS.ErrnoException}).cause;
	const code = cause?.code ?? (error as NodeJS.ErrnoException).code;
	switch (code) {
		case 'ECONNREFUSED':
			return {kind: 'retry', detail: 'connection refused'};
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return {kind: 'retry', detail: 'host not found (DNS)'};
		case 'ECONNRESET':
		case 'UND_ERR_SOCKET':
			return {kind: 'retry', detail: 'connection closed by the server'};
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return {kind: 'retry', detail: 'network unreachable'};
		case 'ETIMEDOUT':
		case 'UND_ERR_CONNECT_TIMEOUT':
			return {kind: 'retry', detail: 'connection timed out'};
		case 'ERR_SSL_WRONG_VERSION_NUMBER':
			return {kind: 'retry', detail: 'TLS: the server does not speak TLS on this port (http:// rather than https://?)'};
		default:
			if (typeof code === 'string' && /CERT|TLS|SSL/.test(code)) return {kind: 'retry', detail: `TLS: ${code}`};
			return {kind: 'retry', detail: serverText(cause?.message ?? (error instanceof Error ? error.message : String(error))) || 'request failed'};
	}
}

/** InfluxDB answers `{"error":"…"}` (1.x) or `{"code":…,"message":"…"}` (2.x); anything else is taken as text. */
function serverText(body: string): string {
	let text = body;
	try {
		const parsed = JSON.parse(body) as {error?: unknown; message?: unknown};
		const message = parsed.error ?? parsed.message;
		if (typeof message === 'string') text = message;
	} catch {
		// Not JSON: a proxy's page, say.
	}

	const clean = sanitizeDeviceText(text.slice(0, 4 * MAX_SERVER_TEXT))
		.replace(/\s+/g, ' ')
		.trim();
	return clean.length > MAX_SERVER_TEXT ? `${clean.slice(0, MAX_SERVER_TEXT - 1)}…` : clean;
}
