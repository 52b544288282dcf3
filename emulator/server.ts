// A local stand-in for the Qovery API over real HTTP, for tests and demos: startEmulator() listens and
// hands each request to the pipeline in emulator.ts.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_TOKEN, type EmulatorOptions } from "./config";
import { Emulator } from "./emulator";

export { DEFAULT_TOKEN, type EmulatorOptions };

export interface RunningEmulator {
    url: string;
    port: number;
    token: string;
    stop(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
    const emulator = new Emulator(opts);
    const server = http.createServer((req, res) => void emulator.handle(req, res));
    const host = opts.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port ?? 0, host, () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    let stopped: Promise<void> | undefined;
    return {
        url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
        port,
        token: emulator.token,
        stop() {
            stopped ??= new Promise<void>((resolve) => {
                emulator.cancelTimers();
                server.close(() => resolve());
                // Keep-alive and deliberately delayed connections would otherwise hold close() open.
                server.closeAllConnections();
            });
            return stopped;
        },
    };
}
