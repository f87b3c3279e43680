import { installKeyRing } from "../../app/lib/keys/key-ring.server.ts";
import { loadKeys } from "../../app/lib/keys/key-store.server.ts";

/** Fixtures that open an app's data folder use the keys the app keeps there, as every tool does. */
export function installDataFolderKeys(dataDir: string): void {
  installKeyRing(loadKeys({}, dataDir));
}
