import os from 'node:os';
import path from 'node:path';

/**
 * Returns the default cache folder: `multimax` under the OS's per-user cache folder, which is
 * $XDG_CACHE_HOME or ~/.cache on Linux and other Unix systems, ~/Library/Caches on macOS and
 * %LOCALAPPDATA% on Windows. A relative XDG_CACHE_HOME is ignored, as the XDG Base Directory
 * specification requires.
 */
export function defaultCacheFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  if (platform === 'win32') {
    const localAppData = env.LOCALAPPDATA;
    return path.win32.join(localAppData !== undefined && localAppData !== '' ? localAppData : path.win32.join(home, 'AppData', 'Local'), 'multimax');
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches', 'multimax');

  const xdgCacheHome = env.XDG_CACHE_HOME;
  const base = xdgCacheHome !== undefined && path.posix.isAbsolute(xdgCacheHome) ? xdgCacheHome : path.posix.join(home, '.cache');
  return path.posix.join(base, 'multimax');
}
