import {Box, Text} from 'ink';
import type {CameraView} from '../dashboard-model.js';
import type {DashboardLayout} from '../layout.js';
import type {PreviewCache} from '../preview/preview-cache.js';
import {CameraLine} from '../camera-line/camera-line.js';
import {CameraPanel} from '../camera-panel/camera-panel.js';

export interface CameraGridProps {
	cameras: CameraView[];
	layout: DashboardLayout;
	selected: number;
	previews: PreviewCache;
}

/**
 * As many columns of panels as the width allows, or a line or two per camera
 * (compact mode); when not all fit, those around the selected camera.
 */
export function CameraGrid({cameras, layout, selected, previews}: CameraGridProps) {
	const height = layout.gridHeight;
	if (cameras.length === 0) {
		return (
			<Box height={height} width={layout.columns} justifyContent="center" alignItems="center" overflowY="hidden">
				<Text dimColor>No camera has spoken yet. Panels appear when the first frame of a camera arrives.</Text>
			</Box>
		);
	}

	// Compact mode is a grid of one column whose rows are cameras.
	const {gridColumns, visibleGridRows} = layout;
	const gridRows = Math.ceil(cameras.length / gridColumns);
	const selectedRow = Math.floor(selected / gridColumns);
	const firstRow = Math.max(0, Math.min(selectedRow - visibleGridRows + 1, gridRows - visibleGridRows));
	const rows: CameraView[][] = [];
	for (let row = firstRow; row < firstRow + visibleGridRows; row++) {
		const slice = cameras.slice(row * gridColumns, (row + 1) * gridColumns);
		if (slice.length > 0) rows.push(slice);
	}

	const hidden = cameras.length - rows.reduce((count, row) => count + row.length, 0);
	return (
		<Box flexDirection="column" height={height} width={layout.columns} overflowY="hidden">
			{rows.map((row, index) => (
				<Box key={firstRow + index} flexShrink={0}>
					{row.map((camera, column) => {
						const isSelected = (firstRow + index) * gridColumns + column === selected;
						return layout.mode === 'compact' ? (
							<CameraLine key={camera.mac} camera={camera} width={layout.columns} lines={layout.compactLines} selected={isSelected} />
						) : (
							<CameraPanel key={camera.mac} camera={camera} width={layout.panelWidth} previewRows={layout.previewRows} selected={isSelected} previews={previews} />
						);
					})}
				</Box>
			))}
			{hidden > 0 ? (
				<Text wrap="truncate" dimColor>
					{hidden} more camera{hidden === 1 ? '' : 's'}: {layout.mode === 'compact' ? '↑↓' : '↑↓ ←→'} to scroll
				</Text>
			) : null}
		</Box>
	);
}
