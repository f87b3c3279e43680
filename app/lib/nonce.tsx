import { createContext, type ReactNode, useContext } from "react";

/**
 * This response's CSP nonce, for the few script tags the layout writes itself. Known on the
 * server only: browsers hide nonce attributes from the page, so in the browser it is "".
 */
const NonceContext = createContext("");

export function NonceProvider({ nonce, children }: { nonce: string; children: ReactNode }) {
  return <NonceContext value={nonce}>{children}</NonceContext>;
}

export function useNonce(): string {
  return useContext(NonceContext);
}
