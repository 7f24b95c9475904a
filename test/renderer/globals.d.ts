// Injected by electron-vite in the renderer build (see renderer/src/env.d.ts); stubbed in tests.
declare const __APP_VERSION__: string;
