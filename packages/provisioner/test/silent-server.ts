// A server on 127.0.0.1 that accepts connections and never answers: what a hung endpoint (a stuck proxy, a
// black-holed mirror) looks like to a client. It models only that: no TLS, no HTTP, no response at all.
// Bounded: it closes every connection and itself after `lifetimeMs`, so a test that forgets it never hangs.
import { createServer } from "node:net";
import type { Socket } from "node:net";

export interface SilentServer {
  url: string;
  /** How many connections it accepted. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a silent server that stops itself after `lifetimeMs`. */
export async function startSilentServer(lifetimeMs = 60_000): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  setTimeout(() => void close(), lifetimeMs).unref();
  return { url: `http://127.0.0.1:${port}`, connections: () => accepted, close };
}
