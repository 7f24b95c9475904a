// One HTTP request over a raw socket to a server in this process, measuring from the server's side
// how much of it the server read. What a client manages to send says little (kernel buffers on
// loopback hold megabytes); the server's own socket counts only what the server took from the
// kernel. Node announces every socket a net server accepts on the 'net.server.socket' channel,
// which is how the server's end of this one connection is found without touching the server.
import dc from 'node:diagnostics_channel';
import net, { type Socket } from 'node:net';

export interface RawAnswer {
  /** Status of the server's answer; null when none arrived (the socket was dropped or timed out). */
  status: number | null;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
  /** Body bytes (framing included) this client wrote into its socket. */
  offered: number;
  /** Bytes the server's end of the connection had read when the answer's head reached the client. */
  serverReadAtAnswer: number | null;
  /** Bytes the server's end read in all, once the connection was closed. */
  serverRead: number;
  /** True when the server closed the connection (the client did not have to). */
  closedByServer: boolean;
}

export interface RawRequest {
  port: number;
  /** Request line and headers, without the blank line that ends them. */
  head: string;
  /** The body is offered in frames of this buffer… */
  frame: Buffer;
  /** …at most this many… */
  frames: number;
  /** …one every everyMs milliseconds (0: as fast as the socket takes them). */
  everyMs: number;
  /** Send each frame as an HTTP/1.1 chunk (and the last chunk after all of them). */
  chunked?: boolean;
  /** How long to wait for the answer and the close once every frame is offered (default 10 s). */
  waitMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Resolves after the next poll phase of the event loop (two check phases from now). */
const fullTurn = () => new Promise<void>((r) => setImmediate(() => setImmediate(r)));

export async function rawRequest(req: RawRequest): Promise<RawAnswer> {
  // Each accepted socket with its peer's port, read while it is connected (a closed socket has none).
  const accepted: Array<{ socket: Socket; peerPort: number | undefined }> = [];
  const onAccept = (msg: unknown) => {
    const s = (msg as { socket: Socket }).socket;
    if (s.localPort === req.port) accepted.push({ socket: s, peerPort: s.remotePort });
  };
  dc.subscribe('net.server.socket', onAccept);
  const client = net.connect({ host: '127.0.0.1', port: req.port });
  try {
    client.on('error', () => undefined); // a reset after the answer is one way to be closed
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('error', reject);
    });
    const ownPort = client.localPort;
    const serverEnd = (): Socket | null => accepted.find((a) => a.peerPort === ownPort)?.socket ?? null;
    let raw = Buffer.alloc(0);
    let headEnd = -1;
    let serverReadAtAnswer: number | null = null;
    let closed = false;
    client.on('data', (d: Buffer) => {
      raw = Buffer.concat([raw, d]);
      if (headEnd < 0) {
        headEnd = raw.indexOf('\r\n\r\n');
        if (headEnd >= 0) serverReadAtAnswer = serverEnd()?.bytesRead ?? null;
      }
    });
    const gone = new Promise<void>((resolve) =>
      client.once('close', () => {
        closed = true;
        resolve();
      }),
    );
    client.write(`${req.head}\r\n\r\n`);

    let offered = 0;
    for (let i = 0; i < req.frames; i++) {
      // A server that answers early closes with the body unread, which resets the connection; a
      // write into the reset socket would destroy it before its answer is read. So every write
      // waits for a full turn of the event loop (a poll phase reads what has arrived).
      await fullTurn();
      if (closed || headEnd >= 0) break;
      const data = req.chunked ? Buffer.concat([Buffer.from(`${req.frame.length.toString(16)}\r\n`), req.frame, Buffer.from('\r\n')]) : req.frame;
      offered += data.length;
      if (!client.write(data)) await Promise.race([new Promise((r) => client.once('drain', r)), gone]);
      if (req.everyMs > 0) await sleep(req.everyMs);
    }
    await fullTurn();
    if (req.chunked && !closed && headEnd < 0) client.write('0\r\n\r\n');
    await Promise.race([gone, sleep(req.waitMs ?? 10_000)]);
    const closedByServer = closed;
    client.destroy();
    await gone;

    let status: number | null = null;
    const headers: Record<string, string> = {};
    let body = '';
    if (headEnd >= 0) {
      const lines = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
      const m = /^HTTP\/1\.1 (\d{3}) /.exec(lines[0] ?? '');
      status = m ? Number(m[1]) : null;
      for (const l of lines.slice(1)) {
        const at = l.indexOf(':');
        if (at > 0) headers[l.slice(0, at).trim().toLowerCase()] = l.slice(at + 1).trim();
      }
      const rest = raw.subarray(headEnd + 4);
      const len = Number(headers['content-length'] ?? rest.length);
      body = rest.subarray(0, len).toString('utf8');
    }
    return { status, headers, body, offered, serverReadAtAnswer, serverRead: serverEnd()?.bytesRead ?? NaN, closedByServer };
  } finally {
    dc.unsubscribe('net.server.socket', onAccept);
    client.destroy();
  }
}
