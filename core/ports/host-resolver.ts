/** Resolves a host name to all its addresses, which the egress guard checks before connecting. */
export type HostResolver = (host: string) => Promise<string[]>;
