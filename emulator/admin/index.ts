// The admin client is what tests import as "emulator/admin"; the server side of /__admin is routes.ts.
export { EmulatorAdmin } from "./client";
