/**
 * Where everything goes, from the terminal size and what is switched on.
 * Pure. Every part gets rows it fits in exactly (Ink squeezes a box that is
 * too small, and its lines are then drawn over each other).
 */
export interface DashboardLayout {
	columns: number;
	/** Everything together, never taller than the terminal minus one line (else Ink redraws all of it). */
	height: number;
	/**
	 * `panels`: a bordered panel per camera. `compact`: one or two lines per
	 * camera, when panels for every camera do not fit but lines do (or not even one row of panels fits).
	 */
	mode: 'panels' | 'compact';
	/** Rows for the cameras (between the header and the log pane). */
	gridHeight: number;
	/** Camera panels per grid row (1 in compact mode: up and down move by one). */
	gridColumns: number;
	panelWidth: number;
	/** Text rows of a panel, border included. */
	panelTextHeight: number;
	/** Rows of the preview inside a panel; 0 when previews are off or do not fit. */
	previewRows: number;
	/** Panels: how many grid rows are shown. Compact: how many cameras. */
	visibleGridRows: number;
	/** Compact mode: lines per camera (at most: a camera whose details fit fewer uses fewer). */
	compactLines: 1 | 2 | 3;
	/** Not every camera is shown: a line says how many more there are. */
	moreLine: boolean;
	logRows: number;
	/** Previews are on but the terminal is too small for them. */
	previewsDropped: boolean;
}

export const HEADER_ROWS = 2;
export const FOOTER_ROWS = 1;
export const MIN_PANEL_WIDTH = 40;
/** Title (with battery), state, counts (3), last image, throughput, loss and battery trend = 8, plus the border. */
export const PANEL_TEXT_HEIGHT = 10;
const MIN_COLUMNS = 20;
const MIN_HEIGHT = 6;
const MIN_PREVIEW_ROWS = 4;
const MAX_PREVIEW_ROWS = 14;
const MAX_LOG_ROWS = 6;
/** The log pane's border. */
const LOG_FRAME = 2;

interface Options {
	previews: boolean;
	logVisible: boolean;
}

export function computeLayout(size: {columns: number; rows: number}, cameraCount: number, options: Options): DashboardLayout {
	const columns = Math.max(MIN_COLUMNS, size.columns);
	const height = Math.max(MIN_HEIGHT, size.rows - 1);
	const available = height - HEADER_ROWS - FOOTER_ROWS;
	const gridColumns = Math.max(1, Math.min(Math.max(1, cameraCount), Math.floor(columns / MIN_PANEL_WIDTH)));
	const gridRowsNeeded = Math.max(1, Math.ceil(cameraCount / gridColumns));
	const allPanels = gridRowsNeeded * PANEL_TEXT_HEIGHT;
	const panelsFitAll = cameraCount === 0 || gridHeightWith(available, allPanels, options) >= allPanels;
	const compactFitsAll = cameraCount <= gridHeightWith(available, cameraCount, options);
	const onePanelRow = PANEL_TEXT_HEIGHT + (gridRowsNeeded > 1 ? 1 : 0);
	const panelRowFits = gridHeightWith(available, onePanelRow, options) >= onePanelRow;
	if (panelsFitAll || (!compactFitsAll && panelRowFits)) return panels();
	return compact();

	function panels(): DashboardLayout {
		const need = panelsFitAll ? allPanels : onePanelRow;
		const logRows = logRowsWith(available, need, options);
		const gridHeight = available - logBlock(logRows);
		const rowsWanted = cameraCount === 0 ? 0 : gridRowsNeeded;
		let visibleGridRows = Math.min(rowsWanted, Math.floor(gridHeight / PANEL_TEXT_HEIGHT));
		const moreLine = visibleGridRows < rowsWanted;
		if (moreLine) visibleGridRows = Math.max(1, Math.floor((gridHeight - 1) / PANEL_TEXT_HEIGHT));
		const spare = Math.floor((gridHeight - (moreLine ? 1 : 0)) / Math.max(1, visibleGridRows)) - PANEL_TEXT_HEIGHT;
		const previewFits = spare >= MIN_PREVIEW_ROWS;
		return {
			columns,
			height,
			mode: 'panels',
			gridHeight,
			gridColumns,
			panelWidth: Math.floor(columns / gridColumns),
			panelTextHeight: PANEL_TEXT_HEIGHT,
			previewRows: options.previews && previewFits ? Math.min(MAX_PREVIEW_ROWS, spare) : 0,
			visibleGridRows,
			compactLines: 2,
			moreLine,
			logRows,
			previewsDropped: options.previews && !previewFits && cameraCount > 0,
		};
	}

	function compact(): DashboardLayout {
		const twoLines = cameraCount * 2;
		const compactLines = gridHeightWith(available, twoLines, options) >= twoLines ? 2 : 1;
		const need = Math.min(cameraCount * compactLines, available);
		const logRows = logRowsWith(available, need, options);
		const gridHeight = Math.max(0, available - logBlock(logRows));
		const fitsAll = cameraCount * compactLines <= gridHeight;
		const visible = fitsAll ? cameraCount : Math.max(0, Math.floor((gridHeight - 1) / compactLines));
		// Rows the lines leave blank go to a third line each, for details that would be cut otherwise.
		const lines = compactLines === 2 && cameraCount * 3 <= gridHeight ? 3 : compactLines;
		return {
			columns,
			height,
			mode: 'compact',
			gridHeight,
			gridColumns: 1,
			panelWidth: columns,
			panelTextHeight: PANEL_TEXT_HEIGHT,
			previewRows: 0,
			visibleGridRows: visible,
			compactLines: lines,
			moreLine: !fitsAll,
			logRows,
			previewsDropped: options.previews && cameraCount > 0,
		};
	}
}

/** The log pane gets what the cameras leave, 1 to 6 rows (none when switched off or when there is no room at all). */
function logRowsWith(available: number, gridNeed: number, {logVisible}: Options): number {
	if (!logVisible || available < LOG_FRAME + 2) return 0;
	return Math.max(1, Math.min(MAX_LOG_ROWS, available - gridNeed - LOG_FRAME));
}

function logBlock(logRows: number): number {
	return logRows > 0 ? logRows + LOG_FRAME : 0;
}

function gridHeightWith(available: number, gridNeed: number, options: Options): number {
	return available - logBlock(logRowsWith(available, gridNeed, options));
}
