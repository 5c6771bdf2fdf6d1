/** Where everything goes, from the terminal size and what is switched on. Pure. */
export interface DashboardLayout {
	columns: number;
	/** Camera panels per grid row. */
	gridColumns: number;
	panelWidth: number;
	/** Text rows of a panel, border included. */
	panelTextHeight: number;
	/** Rows of the preview inside a panel; 0 when previews are off or do not fit. */
	previewRows: number;
	/** How many grid rows fit on screen. */
	visibleGridRows: number;
	logRows: number;
	/** Previews are on but the terminal is too small for them. */
	previewsDropped: boolean;
	/** Everything together, never taller than the terminal minus one line (else Ink redraws all of it). */
	height: number;
}

export const HEADER_ROWS = 2;
export const FOOTER_ROWS = 1;
export const MIN_PANEL_WIDTH = 40;
/** Title (with battery), state, counts (3), last image, throughput = 7, plus the border. */
export const PANEL_TEXT_HEIGHT = 9;
const MIN_PREVIEW_ROWS = 4;
const MAX_PREVIEW_ROWS = 14;
const LOG_ROWS = 6;

export function computeLayout(size: {columns: number; rows: number}, cameraCount: number, options: {previews: boolean; logVisible: boolean}): DashboardLayout {
	const columns = Math.max(20, size.columns);
	const height = Math.max(8, size.rows - 1);
	const logRows = options.logVisible ? Math.min(LOG_ROWS, Math.max(1, height - HEADER_ROWS - FOOTER_ROWS - PANEL_TEXT_HEIGHT - 2)) : 0;
	const logHeight = logRows > 0 ? logRows + 2 : 0;
	const gridHeight = Math.max(0, height - HEADER_ROWS - FOOTER_ROWS - logHeight);
	const gridColumns = Math.max(1, Math.min(Math.max(1, cameraCount), Math.floor(columns / MIN_PANEL_WIDTH)));
	const panelWidth = Math.max(20, Math.floor(columns / gridColumns));
	const gridRowsNeeded = Math.max(1, Math.ceil(cameraCount / gridColumns));
	const rowsThatFitText = Math.max(1, Math.floor(gridHeight / PANEL_TEXT_HEIGHT));
	const visibleGridRows = Math.min(gridRowsNeeded, rowsThatFitText);
	const spare = Math.floor(gridHeight / visibleGridRows) - PANEL_TEXT_HEIGHT;
	const previewFits = spare >= MIN_PREVIEW_ROWS;
	const previewRows = options.previews && previewFits ? Math.min(MAX_PREVIEW_ROWS, spare) : 0;
	return {
		columns,
		gridColumns,
		panelWidth,
		panelTextHeight: PANEL_TEXT_HEIGHT,
		previewRows,
		visibleGridRows,
		logRows,
		previewsDropped: options.previews && !previewFits && cameraCount > 0,
		height,
	};
}
