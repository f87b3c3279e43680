/** Break the glass: limits shared by the page (field constraints) and the server. */
export const BREAK_GLASS_MS = 8 * 60 * 60 * 1000;
export const REASON_MIN = 20;
export const REASON_MAX = 2000;
