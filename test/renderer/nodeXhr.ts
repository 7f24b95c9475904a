// The browser's XMLHttpRequest, as far as the renderer uses it (upload progress for streamed
// uploads, renderer/src/lib/api/httpTransport.ts xhrPost), over node:http to a real server. happy-dom's sends
// through fetch and reports no upload progress. Progress is reported as each chunk is handed to the
// socket. `holdAfter` stops sending after that many bytes until release() (a slow link), so a test
// can look at the progress and cancel in the middle of a real upload.
import http from 'node:http';

export interface ProgressEvent {
  loaded: number;
  total: number;
  lengthComputable: boolean;
}

export interface XhrOptions {
  /** Bytes per write, i.e. per progress event (default 64 KiB). */
  chunkBytes?: number;
  /** Stop sending after this many bytes until `release()`. */
  holdAfter?: number;
}

export interface XhrControl {
  /** Every request made, oldest first. */
  readonly requests: NodeXhr[];
  /** Settles when an upload has sent `holdAfter` bytes and waits. */
  readonly held: Promise<void>;
  release(): void;
}

export interface NodeXhr {
  readonly url: string;
  readonly method: string;
  readonly requestHeaders: Record<string, string>;
  readonly status: number;
  readonly responseText: string;
}

export function nodeXhr(opts: XhrOptions = {}): { XMLHttpRequest: typeof XMLHttpRequest; control: XhrControl } {
  const chunkBytes = opts.chunkBytes ?? 64 * 1024;
  const requests: NodeXhr[] = [];
  let markHeld!: () => void;
  const held = new Promise<void>((r) => (markHeld = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));

  class Xhr implements NodeXhr {
    upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    status = 0;
    responseText = '';
    url = '';
    method = 'GET';
    requestHeaders: Record<string, string> = {};
    private responseHeaders: http.IncomingHttpHeaders = {};
    private req: http.ClientRequest | null = null;
    /** The server answered (possibly before the whole body was sent): later socket errors are moot. */
    private answered = false;
    private settled = false;

    constructor() {
      requests.push(this);
    }

    open(method: string, url: string): void {
      this.method = method;
      this.url = url;
    }

    setRequestHeader(name: string, value: string): void {
      this.requestHeaders[name] = value;
    }

    getResponseHeader(name: string): string | null {
      const v = this.responseHeaders[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    }

    abort(): void {
      if (this.settled) return;
      this.settled = true;
      this.req?.destroy();
      this.onabort?.();
    }

    send(body: Blob): void {
      void this.run(body);
    }

    private finish(cb: (() => void) | null): void {
      if (this.settled) return;
      this.settled = true;
      cb?.();
    }

    private async run(body: Blob): Promise<void> {
      const req = http.request(this.url, { method: this.method, headers: { ...this.requestHeaders, 'Content-Length': String(body.size) } });
      this.req = req;
      req.on('response', (res) => {
        this.answered = true;
        this.responseHeaders = res.headers;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          this.status = res.statusCode ?? 0;
          this.responseText = text;
          this.finish(this.onload);
        });
        res.on('error', () => this.finish(this.onerror));
      });
      req.on('error', () => {
        if (!this.answered) this.finish(this.onerror);
      });
      let sent = 0;
      let holding = opts.holdAfter !== undefined;
      while (sent < body.size) {
        if (this.settled || this.answered) return;
        if (holding && sent >= opts.holdAfter!) {
          holding = false;
          markHeld();
          await released;
          if (this.settled) return;
        }
        const chunk = Buffer.from(await body.slice(sent, sent + chunkBytes).arrayBuffer());
        const ok = await new Promise<boolean>((resolve) => req.write(chunk, (err) => resolve(!err)));
        if (!ok) return; // the 'error' handler answers
        sent += chunk.length;
        if (!this.settled) this.upload.onprogress?.({ loaded: sent, total: body.size, lengthComputable: true });
      }
      req.end();
    }
  }

  return { XMLHttpRequest: Xhr as unknown as typeof XMLHttpRequest, control: { requests, held, release } };
}
