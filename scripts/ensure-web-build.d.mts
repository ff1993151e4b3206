/** True when apps/web/dist is missing or older than its sources. */
export function webBuildIsStale(): boolean;
/** Builds apps/web when stale; true when it built. */
export function ensureWebBuild(): boolean;
