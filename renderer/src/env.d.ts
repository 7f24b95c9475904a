/// <reference types="vite/client" />

/** Injected by electron-vite from package.json (see electron.vite.config.ts). */
declare const __APP_VERSION__: string;
