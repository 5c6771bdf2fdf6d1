import {Box, Text} from 'ink';
import type {CameraView} from '../ingest-tracker.js';
import type {DashboardLayout} from '../layout.js';
import type {PreviewCache} from '../preview/preview-cache.js';
import {CameraPanel} from '../camera-panel/camera-panel.js';

export interface CameraGridProps {
	cameras: CameraView[];
	layout: DashboardLayout;
	selected: number;
	now: number;
	previews: PreviewCache;
	height: number;
}

/** As many columns as the width allows; when not all rows fit, the rows around the selected camera. */
export function CameraGrid({cameras, layout, selected, now, previews, height}: CameraGridProps) {
	if (cameras.length === 0) {
		return (
			<Box height={height} justifyContent="center" alignItems="center">
				<Text dimColor>No camera has spoken yet. Panels appear when the first frame of a camera arrives.</Text>
			</Box>
		);
	}

	const {gridColumns, visibleGridRows} = layout;
	const selectedRow = Math.floor(selected / gridColumns);
	const firstRow = Math.max(0, Math.min(selectedRow - visibleGridRows + 1, Math.ceil(cameras.length / gridColumns) - visibleGridRows));
	const rows: CameraView[][] = [];
	for (let row = firstRow; row < firstRow + visibleGridRows; row++) {
		const slice = cameras.slice(row * gridColumns, (row + 1) * gridColumns);
		if (slice.length > 0) rows.push(slice);
	}

	const hidden = cameras.length - rows.reduce((count, row) => count + row.length, 0);
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			{rows.map((row, index) => (
				<Box key={firstRow + index}>
					{row.map((camera, column) => (
						<CameraPanel
							key={camera.mac}
							camera={camera}
							now={now}
							width={layout.panelWidth}
							previewRows={layout.previewRows}
							selected={(firstRow + index) * gridColumns + column === selected}
							previews={previews}
						/>
					))}
				</Box>
			))}
			{hidden > 0 ? <Text dimColor>{hidden} more camera{hidden === 1 ? '' : 's'}: ↑↓ to scroll</Text> : null}
		</Box>
	);
}
