/**
 * What a file-system error code means, as the end of a one-line message ("cannot read x: permission
 * denied"). Node's own messages repeat the path unescaped and name the system call, which tells a
 * user less than the cause does.
 */
const CAUSES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links (a symlink loop)',
  ENAMETOOLONG: 'file name too long',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EEXIST: 'already exists',
  ENOTEMPTY: 'directory not empty',
  EBUSY: 'resource busy',
  EXDEV: 'not on the same file system',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EAGAIN: 'resource temporarily unavailable',
};

/** The error's code, when it is a Node system error. */
export function fsErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

/** The cause of a file-system error in words, e.g. `permission denied`; the code itself for one not listed. */
export function fsErrorText(err: unknown): string {
  const code = fsErrorCode(err);
  if (code !== undefined) return CAUSES[code] ?? code;
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
}
