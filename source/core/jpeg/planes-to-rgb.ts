import type {RgbImage} from '../../graphics/rgb-image.js';

/** A component's decoded pixels: whole MCUs, `stride` a row, `pixelsWide` x `pixelsHigh` a block (so that chroma comes out at the luma's scale). */
export interface ComponentPlane {
	h: number;
	v: number;
	plane: Uint8Array;
	stride: number;
	pixelsWide: number;
	pixelsHigh: number;
}

/** The frame the planes make: its size, largest sampling factors, and the scale decoded at (8: 1/8). */
export interface PlanesFrame {
	width: number;
	height: number;
	maxH: number;
	maxV: number;
	scale: number;
	components: ComponentPlane[];
}

/** The planes as RGB at the frame's scale: chroma repeated over the pixels it covers, YCbCr to RGB (an Adobe transform 0 means RGB already). */
export function planesToRgb(frame: PlanesFrame, adobeTransform: number | undefined): RgbImage {
	const {components, maxH, maxV, scale} = frame;
	const size = 8 / scale;
	const width = Math.ceil(frame.width / scale);
	const height = Math.ceil(frame.height / scale);
	const out = new Uint8Array(width * height * 3);
	const [luma, blue, red] = components as [ComponentPlane, ComponentPlane?, ComponentPlane?];
	if (!blue || !red) {
		for (let y = 0, to = 0; y < height; y++) {
			for (let x = 0; x < width; x++, to += 3) out.fill(luma.plane[y * luma.stride + x]!, to, to + 3);
		}

		return {width, height, data: out};
	}

	const ycc = adobeTransform !== 0;
	for (let y = 0, to = 0; y < height; y++) {
		const lumaRow = planeAt(y, luma.v * luma.pixelsHigh, maxV * size) * luma.stride;
		const blueRow = planeAt(y, blue.v * blue.pixelsHigh, maxV * size) * blue.stride;
		const redRow = planeAt(y, red.v * red.pixelsHigh, maxV * size) * red.stride;
		for (let x = 0; x < width; x++, to += 3) {
			const first = luma.plane[lumaRow + planeAt(x, luma.h * luma.pixelsWide, maxH * size)]!;
			const second = blue.plane[blueRow + planeAt(x, blue.h * blue.pixelsWide, maxH * size)]!;
			const third = red.plane[redRow + planeAt(x, red.h * red.pixelsWide, maxH * size)]!;
			if (!ycc) {
				out[to] = first;
				out[to + 1] = second;
				out[to + 2] = third;
				continue;
			}

			// Uint8Array stores clamp nothing: clamped here (Uint8ClampedArray would round half to even, unlike jpeg-js).
			out[to] = clamp(first + 1.402 * (third - 128));
			out[to + 1] = clamp(first - 0.344_136_3 * (second - 128) - 0.714_136_36 * (third - 128));
			out[to + 2] = clamp(first + 1.772 * (second - 128));
		}
	}

	return {width, height, data: out};
}

/** A plane's pixel under picture pixel `at`: the same one when the plane has `has` pixels an MCU of `wants`, else the one it repeats over. */
function planeAt(at: number, has: number, wants: number): number {
	return has === wants ? at : Math.floor((at * has) / wants);
}

function clamp(value: number): number {
	return value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
}
