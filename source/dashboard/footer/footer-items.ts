export interface FooterItem {
	key: string;
	label: string;
}

export interface FooterState {
	debug: boolean;
	previews: boolean;
	previewsDropped: boolean;
	/** No colour (NO_COLOR, TERM=dumb): previews cannot be shown at all. */
	previewsNeedColour: boolean;
	/** The full-screen log is shown: its keys instead. */
	logFull?: boolean;
	/** The zoom view is shown: its keys (the grid's layout says nothing about its picture). */
	zoom?: boolean;
	/** `s`: troubled cameras first. */
	troubleFirst?: boolean;
	/** The text cells previews are drawn with; shown, with `P` to change them. */
	previewMode?: string;
}

const SEPARATOR = ' · ';

const LOG_ITEMS: (FooterItem & {keep: number})[] = [
	{key: '↑↓/PgUp/PgDn', label: 'scroll', keep: 6},
	{key: 'End', label: 'follow', keep: 5},
	{key: 'f', label: 'camera', keep: 4},
	{key: '/', label: 'search', keep: 7},
	{key: 'n/N', label: 'next', keep: 3},
	{key: 'Esc', label: 'back', keep: 8},
	{key: 'l', label: 'hide', keep: 1},
	{key: '?', label: 'help', keep: 99},
	{key: 'q', label: 'quit', keep: 100},
];

/**
 * The key hints that fit in `width` columns, in their usual order. `? help`
 * and `q quit` always stay; the others go, least needed first, when the
 * terminal is narrow. Pure.
 */
export function footerItems(width: number, state: FooterState): FooterItem[] {
	const previews = state.previewsNeedColour
		? 'previews off (no colour)'
		: !state.previews
			? 'previews off'
			: state.previewsDropped
				? 'previews on (no room)'
				: state.previewMode === undefined
					? 'previews on'
					: `previews on (${state.previewMode})`;
	// In display order, with the order in which they are given up (lower goes first).
	const zoomItems: (FooterItem & {keep: number})[] = [
		{key: '←→', label: 'older/newer', keep: 6},
		{key: 'Home/End', label: 'oldest/newest', keep: 3},
		{key: 'Tab', label: 'camera', keep: 5},
		{key: state.previewMode === undefined || state.previewsNeedColour ? 'p' : 'p/P', label: previews.replace(' (no room)', ''), keep: 2},
		{key: 'Esc', label: 'back', keep: 8},
		{key: '?', label: 'help', keep: 99},
		{key: 'q', label: 'quit', keep: 100},
	];
	const all: (FooterItem & {keep: number})[] = state.logFull
		? LOG_ITEMS
		: state.zoom
			? zoomItems
			: [
					{key: 'd', label: `debug ${state.debug ? 'on' : 'off'}`, keep: 5},
					{key: state.previewMode === undefined || state.previewsNeedColour ? 'p' : 'p/P', label: previews, keep: 6},
					{key: '←→/Tab', label: 'select', keep: 3},
					{key: 'Enter', label: 'zoom', keep: 4},
					{key: 's', label: state.troubleFirst ? 'trouble first' : 'sort', keep: state.troubleFirst ? 5.5 : 1.5},
					{key: 'l', label: 'log', keep: 1},
					{key: 'r', label: 'reset', keep: 2},
					{key: '?', label: 'help', keep: 99},
					{key: 'q', label: 'quit', keep: 100},
				];
	const widthOf = (items: FooterItem[]) => items.reduce((sum, item, index) => sum + (index > 0 ? SEPARATOR.length : 0) + item.key.length + 1 + item.label.length, 0);
	let items = all;
	while (widthOf(items) > width && items.length > 2) {
		const weakest = items.reduce((least, item) => (item.keep < least.keep ? item : least));
		items = items.filter(item => item !== weakest);
	}

	return items.map(({key, label}) => ({key, label}));
}
