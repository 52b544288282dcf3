/**
 * Shared set-up for the integration tests: a real emulator on port 0, and the provider's
 * hooks configured against it the way `configure` does in the provider process.
 */
import { forgetValuesSeen } from "../../provider/engine/runtime";
import type * as pulumi from "@pulumi/pulumi";
import { EmulatorAdmin, type RunningEmulator, startEmulator } from "../../emulator";
import * as hooks from "../../provider/hooks";

export const TOKEN = "it-token-" + "k".repeat(20);

export interface Harness {
    emulator: RunningEmulator;
    admin: EmulatorAdmin;
    jobId: string;
    /** Points the hooks at the emulator, with this token (default: the right one). */
    configureHooks(config?: Record<string, string>): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
    // Each suite is a run of its own: no value handled by an earlier suite of this process
    // (short ones such as "v1" included) may be redacted from this one's messages.
    forgetValuesSeen();
    const emulator = await startEmulator({ token: TOKEN });
    const admin = new EmulatorAdmin(emulator.url);
    const jobId = await admin.createJob();
    const harness: Harness = {
        emulator,
        admin,
        jobId,
        async configureHooks(config = {}) {
            const values: Record<string, string> = {
                "qovery:apiUrl": emulator.url,
                "qovery:apiToken": TOKEN,
                ...config,
            };
            await hooks.configure({
                config: { get: (k: string) => values[k] },
            } as unknown as pulumi.dynamic.ConfigureRequest);
        },
    };
    await harness.configureHooks();
    return harness;
}

/** Runs `fn`, expecting it to throw; returns the error. */
export async function rejection(fn: () => Promise<unknown>): Promise<Error> {
    try {
        await fn();
    } catch (err) {
        return err as Error;
    }
    throw new Error("expected a rejection, got none");
}
