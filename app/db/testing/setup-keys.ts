import { installFixedKeys } from "../../testing/test-keys.ts";

// Every integration test file works with the same fixed keys as the migrated template (global-setup.ts).
installFixedKeys();
