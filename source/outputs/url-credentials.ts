/**
 * A user name or password from a URL, percent-decoded; a `%` that starts no
 * escape (`pa%ss`, typed as it is) is taken as it is instead of throwing.
 */
export function decodeCredential(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/**
 * The URL as it may be shown (`ps`, messages): the password replaced by `***`,
 * up to the last `@` (a password typed with `@` or `/` in it is hidden whole),
 * and a `p=` query parameter (InfluxDB 1.x) too. Works on text that is not a
 * valid URL, since that is when it ends up in an error message.
 */
export function redactUrlCredentials(text: string): string {
	return text.replace(/^(\s*[a-z][\w+.-]*:\/\/[^:@/?#]*:).*@/i, '$1***@').replaceAll(/([?&]p=)[^&#]*/g, '$1***');
}

/** Flags whose value is a URL that may hold a password. */
const URL_FLAGS = ['--mqtt', '--influx'];

/** The command line with the passwords in --mqtt and --influx URLs hidden (for the process title `ps` shows). */
export function redactArguments(args: readonly string[]): string[] {
	return args.map((arg, index) => {
		const inline = URL_FLAGS.find(flag => arg.startsWith(`${flag}=`));
		if (inline) return `${inline}=${redactUrlCredentials(arg.slice(inline.length + 1))}`;
		return URL_FLAGS.includes(args[index - 1] ?? '') ? redactUrlCredentials(arg) : arg;
	});
}
