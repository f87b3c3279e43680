import type { Config, Settings } from "../app/lib/config.server.ts";
import { installKeyRing } from "../app/lib/keys/key-ring.server.ts";
import { KeyError, type LoadedKeys, loadKeys } from "../app/lib/keys/key-store.server.ts";

/**
 * Loads the keys the settings point at (creating them in DATA_DIR/keys on a first start) and
 * installs them for this process. Shared by the app and every command-line tool, so that they
 * find the same keys (`npm run audit:verify` reads the same audit key as the app).
 */
export function loadKeysFor(
  settings: Settings,
  options: { create?: boolean } = {},
): { config: Config; keys: LoadedKeys } {
  const load = () => loadKeys(settings.keys, settings.dataDir, options);
  const keys = load();
  installKeyRing(keys, load);
  return { config: { ...settings, appSecret: keys.appSecret }, keys };
}

export { KeyError };
