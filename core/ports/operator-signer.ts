/** The facts of one operator call that the target must be able to trust. */
export interface OperatorCall {
  readonly tenantId: string;
  readonly callerPluginId: string;
  readonly callerInstallationId: string;
  readonly targetInstallationId: string;
  readonly operation: string;
  readonly traceId: string;
  readonly body: string;
}

/** Signs operator calls so a target can tell the core sent them (`X-Vivified-Signature`). */
export interface OperatorCallSigner {
  sign(call: OperatorCall, now?: number): Promise<string>;
}
