import {useSyncExternalStore} from 'react';
import type {FileSize} from '../history/file-sizes.js';
import type {HistoryAnchor, HistoryEntry, ImageHistory} from '../history/image-history.js';
import type {MacNumber} from '../../core/protocol/mac.js';

export interface HistoryView {
	/** 1 = the oldest. */
	position: number;
	count: number;
	entry: HistoryEntry;
	size: FileSize;
	/** The output folder is still being read: older images may still appear. */
	listing: boolean;
}

const noChanges = () => () => undefined;

/** The image of the camera's history that the zoom view shows: the anchored one, or the newest. */
export function useHistoryView(history: ImageHistory | undefined, mac: MacNumber | undefined, anchor: HistoryAnchor | undefined): HistoryView | undefined {
	// A size arrives after the image is first shown (it is read only for the image shown).
	useSyncExternalStore(history?.sizes.subscribe ?? noChanges, () => history?.sizes.version ?? 0);
	if (!history || mac === undefined) return undefined;
	const index = history.indexOf(mac, anchor);
	const entry = history.entry(mac, index);
	if (!entry) return undefined;
	return {position: index + 1, count: history.count(mac), entry, size: history.sizes.get(entry.path), listing: history.state.state === 'listing'};
}
