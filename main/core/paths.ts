import os from 'node:os';
import path from 'node:path';

/** Where the console keeps its database and vault unless told otherwise (same for app and host). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.COMMAND_POST_DATA_DIR) return path.resolve(env.COMMAND_POST_DATA_DIR);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Command Post');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Command Post');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'command-post');
}
