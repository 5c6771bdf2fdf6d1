import {spawnSync} from 'node:child_process';

/**
 * Fails the test loudly when a system tool it needs is missing (tests never
 * skip): `.ci/run` installs `debianPackage`.
 */
export function requireTool(command: string, debianPackage: string): void {
	const found = spawnSync('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'});
	if (found.status !== 0) throw new Error(`${command} is needed for this test: apt-get install -y ${debianPackage}`);
}
