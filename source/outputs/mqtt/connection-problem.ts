import {sanitizeDeviceText} from '../../core/protocol/sanitize-text.js';

const MAX_DETAIL = 120;

export interface ConnectionProblem {
	/** Plain words, no secrets, e.g. `refused (nothing listens on 10.0.0.2:1883?)`. */
	detail: string;
	/** Wrong credentials or not allowed: no retry will help until someone changes them. */
	rejected: boolean;
}

/**
 * Why a connection to the broker failed, in plain words. `error` is what
 * MQTT.js or the socket gave: a CONNACK reason code (MQTT 3.1.1 or 5), a
 * socket or DNS error code, a TLS error. The broker's own text is sanitised
 * and cut short: it is shown in the terminal. `tlsUnanswered`: an mqtts://
 * connection the broker has not answered yet.
 */
export function describeConnectionProblem(error: unknown, secrets: readonly (string | undefined)[] = [], context: {tlsUnanswered?: boolean} = {}): ConnectionProblem {
	const {code, message} = (error ?? {}) as {code?: unknown; message?: unknown};
	if (typeof code === 'number') return describeConnack(code, typeof message === 'string' ? message : '', secrets);
	const text = typeof message === 'string' ? message : String(error);
	if (/wrong version number/i.test(text)) return plain('TLS: the broker does not speak TLS on this port (a plain mqtt:// port?)');
	// A plain broker takes the TLS greeting for garbage and hangs up: mqtts:// to a plain port looks like this.
	if (context.tlsUnanswered && (code === 'ECONNRESET' || code === 'EPIPE')) return plain('TLS: the broker does not speak TLS on this port (a plain mqtt:// port?)');
	switch (code) {
		case 'ECONNREFUSED':
			return plain('refused (is the broker running, on this port?)');
		case 'ENOTFOUND':
			return plain('host not found (DNS)');
		case 'EAI_AGAIN':
			return plain('DNS lookup failed, trying again');
		case 'ETIMEDOUT':
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return plain(`no route to the broker (${code})`);
		case 'ECONNRESET':
		case 'EPIPE':
			return plain('the broker closed the connection');
		default:
	}

	if (typeof code === 'string' && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_/.test(code)) {
		const hint = /SELF_SIGNED|UNABLE_TO_(?:VERIFY|GET_ISSUER)/.test(code) ? '; a private CA needs --mqtt-ca' : '';
		return plain(`TLS: ${bounded(text, secrets)} (${code}${hint})`);
	}
	if (/connack timeout/i.test(text)) return plain('no answer from the broker (timed out)');
	return plain(bounded(text, secrets));
}

function describeConnack(code: number, message: string, secrets: readonly (string | undefined)[]): ConnectionProblem {
	// MQTT 3.1.1: 4 bad user name or password, 5 not authorized; MQTT 5: 134 and 135.
	if (code === 4 || code === 134) return {detail: 'wrong user name or password (check --mqtt and the password)', rejected: true};
	if (code === 5 || code === 135) return {detail: 'not authorized (the broker wants a user and password, or this user may not connect)', rejected: true};
	if (code === 2 || code === 133) return {detail: 'the broker refused the client id', rejected: true};
	return {detail: `refused by the broker: ${bounded(message, secrets)}`, rejected: false};
}

function plain(detail: string): ConnectionProblem {
	return {detail, rejected: false};
}

function bounded(text: string, secrets: readonly (string | undefined)[]): string {
	let clean = sanitizeDeviceText(text);
	for (const secret of secrets) if (secret) clean = clean.replaceAll(secret, '***');
	return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL - 1)}…` : clean;
}
