/**
 * Image ids for kitty pictures. Ids are global to the terminal window (other
 * programs in it, e.g. other tmux panes, use them too), so they start at a
 * random top byte. Each id fits a 256-colour foreground (bits 8-23 zero: the
 * low byte goes in the colour, the top byte in the third diacritic), never
 * zero in its low byte, and comes back only after 65,280 others.
 */
export class KittyImageIds {
	private low: number;
	private high: number;

	/** `seed`: any number (e.g. Math.random()), picks where the ids start. */
	constructor(seed: number) {
		const start = Math.floor(Math.abs(seed) * 0x1_00_00) & 0xff_ff;
		this.high = start >> 8;
		this.low = start & 0xff;
	}

	next(): number {
		this.low++;
		if (this.low > 0xff) {
			this.low = 1;
			this.high = (this.high + 1) & 0xff;
		}

		return ((this.high << 24) | this.low) >>> 0;
	}
}
