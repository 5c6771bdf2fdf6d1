import {spawn} from 'node:child_process';

/** Linux's generic ioctl numbers (x86, ARM, RISC-V; MIPS, PowerPC and SPARC number them otherwise). */
const TIOCEXCL = 0x54_0c;
const TIOCNXCL = 0x54_0d;
const GENERIC_IOCTL_ARCHES = new Set(['x64', 'ia32', 'arm', 'arm64', 'riscv64', 'loong64', 's390x']);

/**
 * Marks the tty behind `fd` exclusive (TIOCEXCL: any later open by a non-root
 * process fails with EBUSY, e.g. a stray `cat` or a second serial monitor), or
 * not any more (TIOCNXCL, before closing: the flag stays on the tty while
 * another process has it open, and would refuse our own next open).
 *
 * Node has no ioctl: perl (Essential on Debian, so on every Raspberry Pi OS)
 * does it on the fd it inherits, as its fd 3 (0 to 2 would be made blocking
 * for us too). Resolves false where that cannot be done.
 */
export async function setExclusive(fd: number, exclusive: boolean): Promise<boolean> {
	if (process.platform !== 'linux' || !GENERIC_IOCTL_ARCHES.has(process.arch)) return false;
	const script = `open(my $tty, '+<&=', 3) or exit 2; ioctl($tty, ${exclusive ? TIOCEXCL : TIOCNXCL}, 0) or exit 1`;
	return new Promise<boolean>(resolve => {
		const child = spawn('perl', ['-e', script], {stdio: ['ignore', 'ignore', 'ignore', fd]});
		child.once('error', () => resolve(false));
		child.once('exit', code => resolve(code === 0));
	});
}
