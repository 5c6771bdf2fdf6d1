import jpeg from 'jpeg-js';

export interface PictureSize {
	width: number;
	height: number;
}

const PALETTE: [number, number, number][] = [
	[230, 80, 60],
	[60, 160, 230],
	[90, 200, 90],
	[240, 190, 50],
	[180, 90, 220],
	[50, 200, 190],
	[240, 120, 170],
	[150, 150, 150],
];

/**
 * Real JPEGs for the simulated cameras: a sky-and-ground scene with a sun
 * that moves from picture to picture, in the camera's own colour. Encoding is
 * the costly part, so each camera cycles through a few cached pictures and
 * every image gets a unique comment segment (so its bytes and hash differ).
 */
export class JpegFactory {
	private readonly cache = new Map<string, Buffer>();

	constructor(
		private readonly size: PictureSize = {width: 160, height: 120},
		private readonly picturesPerCamera = 12,
		/** Pictures made beforehand (e.g. by the picture worker): [camera][picture]. */
		private readonly pool?: Buffer[][],
	) {}

	image(cameraIndex: number, imageNumber: number): Buffer {
		const picture = imageNumber % this.picturesPerCamera;
		const key = `${cameraIndex}:${picture}`;
		let base = this.pool?.[cameraIndex % this.pool.length]?.[picture] ?? this.cache.get(key);
		if (!base) {
			base = renderPicture(cameraIndex, picture, this.picturesPerCamera, this.size);
			this.cache.set(key, base);
		}

		return withComment(base, `esp-cam-monitor simulated camera ${cameraIndex} image ${imageNumber}`);
	}
}

/** One scene of one camera as a JPEG (the costly part: ~50 ms at 320x240). */
export function renderPicture(cameraIndex: number, picture: number, picturesPerCamera: number, size: PictureSize): Buffer {
	const {width, height} = size;
	const data = Buffer.alloc(width * height * 4);
	const [red, green, blue] = PALETTE[cameraIndex % PALETTE.length]!;
	const phase = picture / picturesPerCamera;
	const sunX = width * (0.1 + 0.8 * phase);
	const sunY = height * (0.45 - 0.3 * Math.sin(Math.PI * phase));
	const sunRadius = height / 8;
	const horizon = height * 0.62;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const offset = (y * width + x) * 4;
			let r: number;
			let g: number;
			let b: number;
			if (Math.hypot(x - sunX, y - sunY) < sunRadius) {
				[r, g, b] = [255, 230, 120];
			} else if (y < horizon) {
				const t = y / horizon;
				[r, g, b] = [40 + 80 * t, 80 + 90 * t, 160 + 60 * t];
			} else {
				const t = (y - horizon) / (height - horizon);
				const stripe = ((x + picture * 3) >> 3) % 2 === 0 ? 1 : 0.85;
				[r, g, b] = [red * (1 - 0.5 * t) * stripe, green * (1 - 0.5 * t) * stripe, blue * (1 - 0.5 * t) * stripe];
			}

			data[offset] = r;
			data[offset + 1] = g;
			data[offset + 2] = b;
			data[offset + 3] = 255;
		}
	}

	return jpeg.encode({width, height, data}, 50 + ((cameraIndex * 7 + picture * 5) % 35)).data;
}

/** Inserts a COM segment right after SOI: still a valid JPEG, different bytes. */
export function withComment(jpegBytes: Buffer, comment: string): Buffer {
	const text = Buffer.from(comment, 'latin1');
	const segment = Buffer.alloc(4 + text.length);
	segment[0] = 0xff;
	segment[1] = 0xfe;
	segment.writeUInt16BE(text.length + 2, 2);
	text.copy(segment, 4);
	return Buffer.concat([jpegBytes.subarray(0, 2), segment, jpegBytes.subarray(2)]);
}
