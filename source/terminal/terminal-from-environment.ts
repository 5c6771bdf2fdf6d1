/** The environment variables that hint at the terminal (all pass through SSH only if configured; TMUX is set by tmux). */
export interface TerminalEnvironment {
	TERM?: string;
	TERM_PROGRAM?: string;
	LC_TERMINAL?: string;
	KITTY_WINDOW_ID?: string;
	WEZTERM_PANE?: string;
	TMUX?: string;
}

/**
 * The terminal named by the environment alone, or undefined. Known ones by
 * their usual names (`kitty`, `ghostty`, `iTerm2`, `WezTerm`, `foot`, `linux`
 * for the console); another TERM_PROGRAM as given, made printable. Inside tmux
 * these name the terminal that started the tmux server, and TERM_PROGRAM is
 * tmux itself: undefined then unless a variable says more.
 */
export function terminalFromEnvironment(env: Readonly<TerminalEnvironment>): string | undefined {
	const term = env.TERM ?? '';
	const program = env.TERM_PROGRAM ?? '';
	if (term === 'xterm-kitty' || env.KITTY_WINDOW_ID) return 'kitty';
	if (term === 'xterm-ghostty' || program === 'ghostty') return 'ghostty';
	if (env.LC_TERMINAL === 'iTerm2' || program === 'iTerm.app') return 'iTerm2';
	if (program === 'WezTerm' || env.WEZTERM_PANE) return 'WezTerm';
	if (term === 'foot' || term.startsWith('foot-')) return 'foot';
	if (term === 'linux') return 'linux';
	if (program && program !== 'tmux') return program.replaceAll(/[^\u0020-\u007E]/g, '').slice(0, 64);
	return undefined;
}
