import {macToCompact, macToString, type MacNumber} from '../../core/protocol/mac.js';
import {cameraTopics, statusTopic} from './mqtt-topics.js';

export interface DiscoveryMessage {
	/** `<discovery prefix>/<component>/<node id>/<object id>/config` */
	topic: string;
	/** JSON, retained. */
	payload: string;
}

export interface CameraDevice {
	prefix: string;
	discoveryPrefix: string;
	mac: MacNumber;
	/** From --cameras; else the device is called by its MAC. */
	name?: string;
	/** The monitor's version, for `origin`. */
	version: string;
}

/**
 * The node id of a camera in Home Assistant: the topic prefix (so that two
 * monitors with their own prefixes do not claim each other's cameras) and the
 * MAC. Only `[a-zA-Z0-9_-]`, as discovery topics require.
 */
export function cameraNodeId(prefix: string, mac: MacNumber): string {
	return `${prefix.replaceAll(/[^\w-]/g, '_')}_${macToCompact(mac)}`;
}

/**
 * Home Assistant MQTT discovery for one camera: one device, with an image
 * entity (the last verified picture), battery, last-image time and a count of
 * incomplete images. Every entity is available while the monitor's status
 * topic says `online`.
 */
export function cameraDiscovery(camera: CameraDevice): DiscoveryMessage[] {
	const nodeId = cameraNodeId(camera.prefix, camera.mac);
	const topics = cameraTopics(camera.prefix, camera.mac);
	const shared = {
		availability_topic: statusTopic(camera.prefix),
		device: {
			identifiers: [nodeId],
			name: camera.name ?? `ESP camera ${macToString(camera.mac)}`,
			manufacturer: 'Espressif',
			model: 'ESP-NOW camera',
		},
		origin: {name: 'esp-cam-monitor', sw_version: camera.version},
	};
	const entity = (component: string, objectId: string, config: Record<string, unknown>): DiscoveryMessage => ({
		topic: `${camera.discoveryPrefix}/${component}/${nodeId}/${objectId}/config`,
		payload: JSON.stringify({...config, unique_id: `${nodeId}_${objectId}`, ...shared}),
	});
	return [
		// An image entity, not a camera: these cameras send stills now and then, not a stream; HA shows it as a picture with the time it changed.
		entity('image', 'image', {name: 'Last image', image_topic: topics.image, content_type: 'image/jpeg'}),
		entity('sensor', 'battery', {name: 'Battery', state_topic: topics.battery, device_class: 'battery', unit_of_measurement: '%', state_class: 'measurement'}),
		entity('sensor', 'last_image', {name: 'Last image time', state_topic: topics.lastImage, device_class: 'timestamp'}),
		entity('sensor', 'incomplete', {
			name: 'Incomplete images',
			state_topic: topics.incomplete,
			state_class: 'total_increasing',
			entity_category: 'diagnostic',
			icon: 'mdi:image-broken-variant',
		}),
	];
}
