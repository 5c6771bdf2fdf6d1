import type {SessionEvent} from '../../session/session-events.js';
import {shownImage, type DashboardModel} from '../dashboard-model.js';
import type {PreviewCache} from './preview-cache.js';

/**
 * A session listener: the preview of each new image a panel will show is made
 * as soon as the image is saved, and the dashboard takes a snapshot once it
 * is ready, so the panel shows it then, not at the next once-a-second
 * snapshot (up to a second later, then "decoding…" while it was made).
 */
export function previewNewImages(previews: PreviewCache, model: DashboardModel): (event: SessionEvent) => void {
	return event => {
		const file = shownImage(event);
		if (file !== undefined) void previews.prepare(file).then(() => model.wantSnapshot());
	};
}
