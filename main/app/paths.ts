// Where the shell finds its files, from source-built (out/main/index.js in the repo) and packaged
// (app.asar with resources beside it) layouts alike.
import path from 'node:path';

export interface ShellPaths {
  /** out/renderer, served as app://command-post/. */
  rendererDir: string;
  /** out/preload/index.cjs. */
  preloadPath: string;
  /** Shipped scenarios, templates, icons: repo/resources in development, <resourcesPath>/resources packaged. */
  resourcesDir: string;
  icon: string;
}

/**
 * @param mainDir the directory of the running main bundle (out/main)
 * @param isPackaged app.isPackaged
 * @param resourcesPath process.resourcesPath (only meaningful when packaged)
 */
export function shellPaths(mainDir: string, isPackaged: boolean, resourcesPath: string): ShellPaths {
  const outDir = path.resolve(mainDir, '..');
  const resourcesDir = isPackaged ? path.join(resourcesPath, 'resources') : path.resolve(outDir, '..', 'resources');
  return {
    rendererDir: path.join(outDir, 'renderer'),
    preloadPath: path.join(outDir, 'preload', 'index.cjs'),
    resourcesDir,
    icon: path.join(resourcesDir, 'icons', 'icon.png'),
  };
}
