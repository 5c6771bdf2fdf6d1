/** What real terminals answer to the probe (terminal-probe-queries.ts), as seen on the wire. */
const ESC = '\u001B';
export const kittyOk = (id: number) => `${ESC}_Gi=${id};OK${ESC}\\`;
export const kittyError = (id: number) => `${ESC}_Gi=${id};EINVAL:unsupported format${ESC}\\`;
export const xtversion = (text: string) => `${ESC}P>|${text}${ESC}\\`;
export const cellSize = (width: number, height: number) => `${ESC}[6;${height};${width}t`;
export const primaryAttributes = (attributes: string) => `${ESC}[?${attributes}c`;

export const TERMINALS = {
	kitty: (id: number) => kittyOk(id) + xtversion('kitty(0.35.2)') + cellSize(10, 21) + primaryAttributes('62;'),
	ghostty: (id: number) => kittyOk(id) + xtversion('ghostty 1.1.3') + cellSize(9, 19) + primaryAttributes('62;22'),
	wezterm: (id: number) => kittyOk(id) + xtversion('WezTerm 20240203-110809-5046fc22') + cellSize(8, 17) + primaryAttributes('65;4;6;18;22'),
	foot: () => xtversion('foot(1.16.2)') + cellSize(9, 18) + primaryAttributes('62;4;22'),
	xterm340: () => xtversion('XTerm(390)') + primaryAttributes('63;1;2;4;6;9;15;16;22;28'),
	plain: () => primaryAttributes('1;2'),
};
