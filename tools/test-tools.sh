#!/usr/bin/env bash
# The system tools `npm test` needs (the tests use real ptys, terminals,
# servers and fonts; a missing one fails a test, never skips it). Run by
# `npm test` and by .ci/run: on Debian as root it installs what is missing;
# otherwise it stops at once with the one line to run.
set -euo pipefail

# Each line: what must be there (a command, or a path), the Debian package, and why.
requirements=(
	"socat|socat|pseudo-terminal pairs standing in for the relay's port"
	"tmux|tmux|a real terminal for the dashboard tests"
	"python3|python3|programs on a pty of their own (hang-ups, exit, Ctrl-Z)"
	"pgrep|procps|processes found by their arguments"
	"strace|strace|fdatasync calls counted for live image writes"
	"prometheus|prometheus|a real Prometheus scraping /metrics (and promtool)"
	"influxd|influxdb|a real InfluxDB 1.x"
	"mosquitto|mosquitto|a real MQTT broker"
	"mosquitto_sub|mosquitto-clients|reading the broker back"
	"systemd-analyze|systemd|systemd-analyze verify of the service units"
	"faketime|faketime|libfaketime stepping the wall clock"
	"/usr/share/consolefonts/Lat15-Fixed16.psf.gz|console-setup-linux|the Linux console's font"
	"setfont|kbd|the console's built-in font table"
	"setpriv|util-linux|opening the port as another user"
	"perl|perl|marking the port exclusive at run time"
)

missing_packages() {
	local entry what package
	for entry in "${requirements[@]}"; do
		IFS='|' read -r what package _ <<<"$entry"
		if [[ $what == /* ]]; then [ -e "$what" ] && continue; else command -v "$what" >/dev/null 2>&1 && continue; fi
		# Debian puts some (mosquitto) in /usr/sbin, on root's PATH only.
		[[ $what != /* && -x /usr/sbin/$what ]] && continue
		printf '%s\n' "$package"
	done | sort -u
}

mapfile -t missing < <(missing_packages)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing what the tests need: ${missing[*]}" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
	mapfile -t missing < <(missing_packages)
	[ ${#missing[@]} -eq 0 ] && exit 0
fi

echo "npm test needs system tools that are missing. On Debian, Ubuntu or Raspberry Pi OS:" >&2
echo "  sudo apt-get install -y ${missing[*]}" >&2
exit 1
