import {Reassembler, type ImageResult, type ReassemblerOptions, type Telemetry} from '../../source/core/reassembly/reassembler.js';

/** A Reassembler whose images (unverified ones settled as not decodable-checked) and readings are kept in lists. */
export function collectingReassembler(relays = 1, options: ReassemblerOptions = {}) {
	const images: ImageResult[] = [];
	const telemetry: Telemetry[] = [];
	const reassembler: Reassembler = new Reassembler(
		{
			image: result => images.push(result),
			unverified: result => images.push(reassembler.settleUnverified(result, undefined)),
			telemetry: reading => telemetry.push(reading),
		},
		options,
	);
	if (relays > 1) reassembler.expectRelays(relays);
	return {reassembler, images, telemetry};
}
