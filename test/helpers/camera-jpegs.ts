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
 */
export const PILLOW_FILES = ['pil-420.jpg', 'pil-422-rst.jpg', 'pil-444-rst.jpg', 'pil-prog-420.jpg', 'pil-prog-422-rst.jpg'];

/** A JPEG followed by what a camera driver leaves of its DMA buffer after EOI. */
export const padded = (image: Buffer, bytes: number, fill = 0x00): Buffer => Buffer.concat([image, Buffer.alloc(bytes, fill)]);

/** The image with `length` bytes from `at` lost, as a chunk lost on the air leaves it (no hole in the numbering). */
export const without = (image: Buffer, at: number, length: number): Buffer => Buffer.concat([image.subarray(0, at), image.subarray(at + length)]);
