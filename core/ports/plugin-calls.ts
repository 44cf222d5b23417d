/** One operator call as the lane sends it to the target plugin, already signed. */
export interface PluginCall {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
}

/** The target plugin's answer, passed through to the caller as it came. */
export interface PluginAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/**
 * Sends one call to a plugin's endpoint and reads its answer within the deadline and size limit:
 * a plugin that does not answer in time is a 504, one that fails or answers too much a 502.
 */
export type PluginCaller = (url: string, call: PluginCall) => Promise<PluginAnswer>;
