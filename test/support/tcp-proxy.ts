import { AddressInfo, createConnection, createServer, Server, Socket } from 'node:net';

/**
 * A TCP relay in front of a real server (PostgreSQL, Redis), for outage tests: an app pointed at
 * it loses the server when the relay is cut, and finds it again when it is restored, while the
 * server itself keeps serving everyone else. Cut: every open connection is reset and new ones are
 * refused, as when the server stops; restored: it listens again on the same port.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private cutWhenSent: ((chunk: Buffer) => boolean) | null = null;
  private port = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target.host, target.port);
    await proxy.restore();
    return proxy;
  }

  /** The given URL with its host and port replaced by the relay's. */
  url(of: string): string {
    const url = new URL(of);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  get isCut(): boolean {
    return this.server === null;
  }

  /** Cuts the relay the moment a client sends bytes that match: an outage in the middle of a statement. */
  cutWhenClientSends(matches: (chunk: Buffer) => boolean): void {
    this.cutWhenSent = matches;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.cutWhenSent = null;
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restore(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.relay(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private relay(client: Socket): void {
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    this.sockets.add(client);
    this.sockets.add(upstream);
    const forget = () => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.on('data', (chunk: Buffer) => {
      if (this.cutWhenSent?.(chunk)) {
        void this.cut();
        return;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
  }
}
