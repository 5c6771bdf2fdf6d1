/** A file system error code in plain words (the message of `fallback` for others). */
export function describeFsError(code: string | undefined, fallback: string): string {
	switch (code) {
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'ENOSPC':
			return 'no space left on the device';
		case 'EROFS':
			return 'read-only file system';
		case 'ENOTDIR':
		case 'EEXIST':
			return 'a file is in the way (not a folder)';
		case 'ENOENT':
			return 'folder does not exist';
		case 'EDQUOT':
			return 'disk quota exceeded';
		case 'EIO':
			return 'input/output error (is the disk failing or gone?)';
		default:
			return fallback;
	}
}
