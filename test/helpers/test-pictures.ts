/** A picture with flat areas, a gradient and sharp edges: what camera pictures have. */
export function testPicture(width: number, height: number): {width: number; height: number; data: Uint8Array} {
	const data = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const at = (y * width + x) * 3;
			if (y < height / 3) {
				// Sky: a smooth gradient.
				data[at] = Math.round((x / width) * 120);
				data[at + 1] = Math.round(150 + (y / height) * 100);
				data[at + 2] = 230;
			} else if (x < width / 2) {
				// A red wall.
				data[at] = 200;
				data[at + 1] = 40;
				data[at + 2] = 30;
			} else {
				// Grey ground with a dark square.
				const inSquare = x > width * 0.7 && x < width * 0.9 && y > height * 0.6 && y < height * 0.8;
				data.fill(inSquare ? 20 : 128, at, at + 3);
			}
		}
	}

	return {width, height, data};
}
