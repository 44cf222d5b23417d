/** Platform events the control plane emits on the canonical bus (e.g. PluginHealthChanged.v1). */
export interface PlatformEvents {
  emit(event: {
    readonly type: string;
    readonly tenantId: string;
    readonly installationId: string;
    readonly traceId: string;
    readonly data: unknown;
  }): Promise<void>;
}
