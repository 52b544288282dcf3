// Everything the emulator holds between requests, shared by the public pipeline and the admin API.
import { parseConfig } from "./config";
import { DeploymentDesk } from "./deployments";
import { ChaosMonkey, FaultBook } from "./faults";
import { errorOutcome, type Outcome } from "./http";
import { FixedWindowLimiter } from "./limiter";
import type { OpenApiContract } from "./openapi";
import { Recorder } from "./recorder";
import { emulatorContract } from "./routes";
import { SecretStore } from "./store";
import type { DeploymentTiming, EmulatorConfig } from "./types";

export class EmulatorState {
    readonly store: SecretStore;
    readonly recorder = new Recorder();
    readonly faults = new FaultBook();
    readonly limiter: FixedWindowLimiter;
    readonly chaos: ChaosMonkey;
    readonly deployments: DeploymentDesk;
    /** The spec extracts of every route family, united. */
    readonly contract: OpenApiContract = emulatorContract();
    private current: EmulatorConfig;

    constructor(
        private readonly initialConfig: EmulatorConfig,
        persistPath: string | undefined,
        deploymentTiming: DeploymentTiming,
        rateLimitClock?: () => number,
    ) {
        this.deployments = new DeploymentDesk(deploymentTiming);
        this.current = initialConfig;
        this.limiter = new FixedWindowLimiter(initialConfig.rateLimit, rateLimitClock);
        this.chaos = new ChaosMonkey(initialConfig.chaos);
        this.store = new SecretStore(persistPath);
    }

    get config(): EmulatorConfig {
        return this.current;
    }

    /** Applies the fields given; only what was given restarts (the rate-limit window, the chaos sequence). */
    configure(input: Record<string, unknown>): EmulatorConfig {
        this.current = parseConfig(input, this.current);
        if (input.rateLimit !== undefined) this.limiter.configure(this.current.rateLimit);
        if (input.chaos !== undefined) this.chaos.configure(this.current.chaos);
        return this.current;
    }

    /** Back to a clean slate for the next test, but the jobs (the fixtures) stay. */
    reset(): void {
        this.store.clearJobData();
        this.deployments.reset();
        this.recorder.clear();
        this.faults.clear();
        this.current = this.initialConfig;
        this.limiter.configure(this.current.rateLimit);
        this.chaos.configure(this.current.chaos);
    }

    /** An error in the public API's current error shape. */
    error(status: number, message: string): Outcome {
        return errorOutcome(this.current.errorShape, status, message);
    }
}
