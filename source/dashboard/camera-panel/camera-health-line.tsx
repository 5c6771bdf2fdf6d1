import {Text} from 'ink';
import type {CameraHealthView} from '../../core/health/camera-health.js';
import {batteryTrendline} from './battery-trendline.js';

/** `loss 1h 12% · day 3% · battery ▇▆▅▄▃`: a camera's loss over the last hour and day, and its last battery readings. */
export function CameraHealthLine({health}: {health?: CameraHealthView}) {
	const readings = health?.battery ?? [];
	const batteryTrouble = health !== undefined && (health.batteryLow || health.batteryFalling);
	return (
		<Text wrap="truncate">
			loss 1h <Loss share={health?.lossHour} /> · day <Loss share={health?.lossDay} />
			{readings.length > 1 ? (
				<Text>
					{' · battery '}
					<Text color={batteryTrouble ? 'red' : 'cyan'}>{batteryTrendline(readings)}</Text>
				</Text>
			) : null}
		</Text>
	);
}

function Loss({share}: {share?: number}) {
	if (share === undefined) return <Text dimColor>—</Text>;
	const percent = Math.round(share * 100);
	return <Text color={share === 0 ? undefined : share >= 0.2 ? 'red' : 'yellow'}>{percent === 0 && share > 0 ? '<1' : percent}%</Text>;
}
