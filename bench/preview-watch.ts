/**
 * How long each new image takes from its file being saved to its picture in
 * its camera's panel, from screens captured every few milliseconds (with
 * their colours: two pictures of a camera often differ only in them at the
 * panel's size) and the image files found meanwhile. An image is compared
 * with the panel as captured before the image was saved, not when its file
 * was found: on a loaded machine a poll can come after the picture is up.
 */
import {panelPreview} from './terminal-watch.js';

/** A new image whose preview did not change on screen within this is counted as not seen (same picture, or off screen). */
export const PREVIEW_GIVE_UP_MS = 5000;
/** Captures kept to look back on (an image can be found a while after it was saved). */
const KEPT_MS = 2000;

interface Capture {
	/** Date.now() when the capture began. */
	at: number;
	screen: string;
}

interface Pending {
	mac: string;
	savedAt: number;
	before: string;
}

/** A saved image's name, 240ac400ae10_20261207_030337_071847.jpg: its camera as shown in the panel, 24:0a:c4:00:ae:10. */
export function cameraOfImage(name: string): string | undefined {
	const hex = /^([\da-f]{12})_.*\.jpg$/.exec(name)?.[1];
	return hex?.match(/../g)!.join(':');
}

export class PreviewWatch {
	/** Per image seen: file saved to its picture on screen, in ms. */
	readonly previewMs: number[] = [];
	/** Images whose panel never changed (the same picture again, or none). */
	notSeen = 0;
	private readonly captures: Capture[] = [];
	private readonly pending = new Map<string, Pending>();

	get waiting(): number {
		return this.pending.size;
	}

	/** A screen captured at `at`. */
	sawScreen(at: number, screen: string): void {
		this.captures.push({at, screen});
		while (this.captures[0]!.at < at - KEPT_MS) this.captures.shift();
		for (const name of [...this.pending.keys()]) this.check(name, at, screen);
	}

	/** An image file found, saved (its mtime) at `savedAt`. */
	sawImage(name: string, savedAt: number): void {
		const mac = cameraOfImage(name);
		const earlier = this.captures.findLast(capture => capture.at < savedAt);
		const before = mac === undefined || earlier === undefined ? undefined : panelPreview(earlier.screen, mac);
		if (before === undefined) return;
		// A camera's earlier image not yet shown: the newer one is what counts.
		for (const [other, image] of this.pending) if (image.mac === mac) this.pending.delete(other);
		this.pending.set(name, {mac: mac!, savedAt, before});
		for (const {at, screen} of this.captures) if (at >= savedAt && this.pending.has(name)) this.check(name, at, screen);
	}

	private check(name: string, at: number, screen: string): void {
		const {mac, savedAt, before} = this.pending.get(name)!;
		const shown = panelPreview(screen, mac);
		if (shown !== undefined && shown !== before && !shown.includes('decoding')) {
			this.previewMs.push(at - savedAt);
			this.pending.delete(name);
		} else if (at - savedAt > PREVIEW_GIVE_UP_MS) {
			this.notSeen++;
			this.pending.delete(name);
		}
	}
}
