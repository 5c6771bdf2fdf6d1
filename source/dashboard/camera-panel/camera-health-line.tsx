import {Text} from 'ink';
import {memo} from 'react';
import type {CameraHealthView} from '../../core/health/camera-health.js';
import {batteryTrendline} from './battery-trendline.js';

/** `loss 1h 12% · day 3% · battery ▇▆▅▄▃`: a camera's loss over the last hour and day, and its last battery readings. */
export function CameraHealthLine({health}: {health?: CameraHealthView}) {
	const readings = health?.battery ?? [];
	const batteryTrouble = health !== undefined && (health.batteryLow || health.batteryFalling);
	return (
		<HealthText lossHour={health?.lossHour} lossDay={health?.lossDay} trendline={readings.length > 1 ? batteryTrendline(readings) : undefined} batteryTrouble={batteryTrouble} />
	);
}

/** Rendered again only when what it shows changed (a camera's health view is made anew at each snapshot). */
const HealthText = memo(function HealthText({lossHour, lossDay, trendline, batteryTrouble}: {lossHour?: number; lossDay?: number; trendline?: string; batteryTrouble: boolean}) {
	return (
		<Text wrap="truncate">
			loss 1h <Loss share={lossHour} /> · day <Loss share={lossDay} />
			{trendline === undefined ? null : (
				<Text>
					{' · battery '}
					<Text color={batteryTrouble ? 'red' : 'cyan'}>{trendline}</Text>
				</Text>
			)}
		</Text>
	);
});

function Loss({share}: {share?: number}) {
	if (share === undefined) return <Text dimColor>—</Text>;
	const percent = Math.round(share * 100);
	return <Text color={share === 0 ? undefined : share >= 0.2 ? 'red' : 'yellow'}>{percent === 0 && share > 0 ? '<1' : percent}%</Text>;
}
