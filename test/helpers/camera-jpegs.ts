import {readFileSync} from 'node:fs';

export const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

/**
 * JPEGs as real encoders make them, 77x53 (partial MCUs), made once with
 * Pillow 9.4 (libjpeg-turbo 2.1), restart markers added losslessly by
 * libjpeg-turbo's jpegtran:
 *   python3 -c "from PIL import Image as I; s = (77, 53)
 *   im = I.merge('RGB', [I.linear_gradient('L').resize(s), I.radial_gradient('L').resize(s), I.effect_noise(s, 40)])
 *   im.save('pil-420.jpg', quality=80, subsampling='4:2:0')
 *   im.save('422.jpg', quality=80, subsampling='4:2:2')
 *   im.save('444.jpg', quality=80, subsampling='4:4:4', optimize=True)
 *   im.save('pil-prog-420.jpg', quality=80, subsampling='4:2:0', progressive=True)
 *   im.save('prog-422.jpg', quality=80, subsampling='4:2:2', progressive=True)"
 *   jpegtran -restart 3B -outfile pil-422-rst.jpg 422.jpg
 *   jpegtran -restart 1 -outfile pil-444-rst.jpg 444.jpg
 *   jpegtran -progressive -restart 2B -outfile pil-prog-422-rst.jpg prog-422.jpg
 *   jpegtran -progressive -outfile pil-444-rst-progressive.jpg pil-444-rst.jpg
 */
export const PILLOW_FILES = ['pil-420.jpg', 'pil-422-rst.jpg', 'pil-444-rst.jpg', 'pil-prog-420.jpg', 'pil-prog-422-rst.jpg'];

/**
 * A small busy picture at quality 95 (Pillow 9.4), where almost any bits
 * decode: a lost chunk can leave the block count right, and only a DC out
 * of range shows it:
 *   python3 -c "import random, math; from PIL import Image; random.seed(12); w, h = 64, 48
 *   im = Image.new('RGB', (w, h)); px = im.load()
 *   for y in range(h):
 *       for x in range(w): px[x, y] = ((x * 7 + random.randint(0, 40)) % 256, (y * 3 + int(40 * math.sin(x / 5))) % 256, random.randint(0, 255) if (x + y) % 11 == 0 else 128)
 *   im.save('pil-q95-noisy.jpg', quality=95, subsampling='4:2:0')"
 */
export const NOISY_FILE = 'pil-q95-noisy.jpg';

/** A JPEG followed by what a camera driver leaves of its DMA buffer after EOI. */
export const padded = (image: Buffer, bytes: number, fill = 0x00): Buffer => Buffer.concat([image, Buffer.alloc(bytes, fill)]);

/** The image with `length` bytes from `at` lost, as a chunk lost on the air leaves it (no hole in the numbering). */
export const without = (image: Buffer, at: number, length: number): Buffer => Buffer.concat([image.subarray(0, at), image.subarray(at + length)]);
