import {Box} from 'ink';
import {useEffect, useSyncExternalStore} from 'react';
import {CameraGrid} from './camera-grid/camera-grid.js';
import {viewReducer, initialViewState, type ViewState} from './view-state.js';
import {Footer} from './footer/footer.js';
import {Header} from './header/header.js';
import {HelpOverlay, helpLayout, helpScrollAction} from './help-overlay/help-overlay.js';
import type {ImageHistory} from './history/image-history.js';
import type {KeySource} from '../terminal/keyboard.js';
import type {DashboardModel} from './dashboard-model.js';
import {computeLayout, FOOTER_ROWS, HEADER_ROWS} from './layout.js';
import {LogPane} from './log-pane/log-pane.js';
import {LogView} from './log-view/log-view.js';
import {useLogView} from './log-view/use-log-view.js';
import type {PreviewCache} from './preview/preview-cache.js';
import type {PreviewSetup} from './preview/preview-choice.js';
import {useDashboardKeys} from './use-dashboard-keys.js';
import {useLiveReducer} from './use-live-reducer.js';
import {useSerialIngest} from './use-serial-ingest.js';
import {useTerminalSize} from './use-terminal-size.js';
import {NowContext} from './now-context.js';
import {ZoomView} from './zoom-view/zoom-view.js';
import {troubleFirst} from '../core/health/trouble.js';
import {isPixelProtocol} from '../graphics/pixel-protocol.js';

export interface AppProps {
	model: DashboardModel;
	previews: PreviewCache;
	/** False without colour (NO_COLOR, a dumb terminal): previews would be blank. */
	previewsAllowed: boolean;
	/** How previews start (`--previews`); without it, on, in the cache's mode. */
	previewSetup?: PreviewSetup;
	initialDebug?: boolean;
	/** The keyboard; undefined when there is none (the footer says so). */
	keys?: KeySource;
	onQuit: () => void;
	/** Ctrl-Z. */
	onSuspend?: () => void;
	/** Every camera's images, also from earlier runs: the zoom view steps through them. */
	history?: ImageHistory;
}

/** The dashboard: header, one panel per camera, log pane, key hints. */
export default function App({model, previews, previewsAllowed, previewSetup, initialDebug = false, keys, onQuit, onSuspend, history}: AppProps) {
	const {snapshot, refresh, ticks} = useSerialIngest(model);
	const size = useTerminalSize();
	const [state, dispatch, latestState] = useLiveReducer(viewReducer, {
		...initialViewState,
		debug: initialDebug,
		previews: previewSetup?.on ?? true,
		previewMode: previewSetup?.mode ?? previews.mode,
	});
	useEffect(() => previews.setMode(state.previewMode), [previews, state.previewMode]);
	// The terminal's answers (at start) may bring pixel graphics: they become the mode unless text cells were asked for.
	const pixels = useSyncExternalStore(previews.subscribe, () => previews.pixelProtocol);
	useEffect(() => {
		if (pixels && previewSetup?.pixels !== undefined) dispatch({type: 'pixels-found', pixels});
	}, [pixels, previewSetup?.pixels, dispatch]);
	useEffect(() => {
		model.setDebug(state.debug);
		refresh();
	}, [model, state.debug, refresh]);

	const cameras = state.troubleFirst ? troubleFirst(snapshot.cameras) : snapshot.cameras;
	const log = useLogView(model);
	const layout = computeLayout(size, cameras.length, {previews: state.previews && previewsAllowed, logVisible: log.model.mode === 'pane'});
	const pinned = state.selectedMac === undefined ? -1 : cameras.findIndex(camera => camera.mac === state.selectedMac);
	const selected = pinned >= 0 ? pinned : Math.max(0, Math.min(state.selected, cameras.length - 1));
	const selectedCamera = cameras[selected];
	// Keys move from where the camera is now, and it stays selected wherever the list's order puts it.
	useEffect(() => {
		if (selectedCamera && (state.selectedMac !== selectedCamera.mac || state.selected !== selected)) {
			dispatch({type: 'pin-selection', mac: selectedCamera.mac, index: selected, seen: {selected: state.selected, selectedMac: state.selectedMac}});
		}
	}, [selectedCamera, selected, state.selectedMac, state.selected, dispatch]);
	const bodyHeight = layout.height - HEADER_ROWS - FOOTER_ROWS;
	const logFull = log.model.mode === 'full' && !state.help && !state.zoom;
	const helpOf = (current: ViewState) =>
		helpLayout(layout.columns, bodyHeight, model.currentPortProblem, previewsAllowed ? previewsLine(current.previewMode, previewSetup, previews.pixelNote) : 'off (no colour)');
	const help = state.help ? helpOf(state) : undefined;
	const {keysAvailable} = useDashboardKeys({
		keys,
		dispatch,
		cameraCount: cameras.length,
		columns: layout.gridColumns,
		onReset() {
			model.resetCounters();
			refresh();
		},
		onQuit,
		onSuspend,
		pixels,
		...(previewSetup && {textModes: previewSetup.textModes}),
		history:
			history &&
			((index, anchor, move) => {
				const camera = cameras[Math.max(0, Math.min(index, cameras.length - 1))];
				return camera && history.step(camera.mac, anchor, move);
			}),
		// The full-screen log's last row is its status line.
		// The state as the keys before this one in the same read left it (`?` then Esc l: l is the log's again).
		takeKey(key) {
			const now = latestState();
			const helpAction = now.help ? helpScrollAction(key, helpOf(now)) : undefined;
			if (helpAction) dispatch(helpAction);
			return helpAction !== undefined || log.takeKey(key, {rows: bodyHeight - 1, camera: selectedCamera?.mac, overlaid: now.help || now.zoom});
		},
	});
	// Help and zoom take the log pane's rows too.
	const showLog = layout.logRows > 0 && !state.help && !state.zoom;

	let body;
	if (help) {
		body = <HelpOverlay height={bodyHeight} width={layout.columns} help={help} offset={state.helpScroll} />;
	} else if (state.zoom) {
		body = (
			<ZoomView
				camera={cameras[selected]}
				previews={previews}
				previewsAllowed={previewsAllowed}
				width={layout.columns}
				height={bodyHeight}
				history={history}
				historyAnchor={state.historyAnchor}
			/>
		);
	} else if (logFull) {
		body = (
			<LogView
				buffer={model.log}
				lineOf={id => model.logLine(id)}
				model={log.model}
				camera={selectedCamera && {mac: selectedCamera.mac, label: selectedCamera.name ?? selectedCamera.macText}}
				width={layout.columns}
				height={bodyHeight}
				debug={state.debug}
			/>
		);
	} else {
		body = <CameraGrid cameras={cameras} layout={layout} selected={selected} previews={previews} />;
	}

	return (
		<NowContext.Provider value={ticks}>
			<Box flexDirection="column" width={layout.columns} height={layout.height} overflowY="hidden">
				<Header snapshot={snapshot} width={layout.columns} />
				{body}
				{showLog ? <LogPane lines={snapshot.log} rows={layout.logRows} width={layout.columns} debug={state.debug} /> : null}
				<Footer
					width={layout.columns}
					keysAvailable={keysAvailable}
					debug={state.debug}
					previews={state.previews}
					previewsDropped={layout.previewsDropped}
					previewsNeedColour={!previewsAllowed}
					logFull={logFull}
					zoom={state.zoom && !state.help}
					troubleFirst={state.troubleFirst}
					previewMode={state.previewMode}
				/>
			</Box>
		</NowContext.Provider>
	);
}

/** The help screen's line on previews: the mode, and why it was chosen (for pixel graphics: what the terminal answered). */
function previewsLine(mode: string, setup?: PreviewSetup, pixelNote = ''): string {
	if (isPixelProtocol(mode)) return `${mode} (${pixelNote})`;
	if (!setup) return mode;
	if (pixelNote !== '' && mode === setup.mode) return `${mode} (${setup.note}; ${pixelNote})`;
	return mode === setup.mode ? `${mode} (${setup.note})` : `${mode} (${setup.mode} at start: ${setup.note})`;
}
