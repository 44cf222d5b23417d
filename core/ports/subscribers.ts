/** An EventBridge bus outside the platform that receives a tenant's events of chosen types. */
export interface ExternalSubscriber {
  readonly tenantId: string;
  readonly subscriberId: string;
  readonly busArn: string;
  readonly types: readonly string[];
  /** The redaction view its copies are made for (never more than the tenant admin chose). */
  readonly view: string;
  readonly rules: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
}

/** A tenant's external event subscribers. */
export interface SubscriberStore {
  /** A second create with the same tenant and id is a ConflictError. */
  create(subscriber: ExternalSubscriber): Promise<void>;
  get(tenantId: string, subscriberId: string): Promise<ExternalSubscriber | undefined>;
  /** All of a tenant's external subscribers (few per tenant; one answer), in id order. */
  list(tenantId: string): Promise<ExternalSubscriber[]>;
  /** Removing one that is not there does nothing. */
  remove(tenantId: string, subscriberId: string): Promise<void>;
}

/** The bus side of an external subscriber: rules listing its types, matching tenant and view. */
export interface ExternalTargets {
  /**
   * Routes the tenant's events of these types, in this view, to the bus, replacing what the
   * subscriber was routed by before; answers the rules' names.
   */
  attach(route: ExternalRoute): Promise<string[]>;
  /** Removes the rules; ones already gone count as removed. */
  detach(rules: readonly string[]): Promise<void>;
}

export interface ExternalRoute {
  readonly tenantId: string;
  readonly subscriberId: string;
  readonly busArn: string;
  readonly types: readonly string[];
  readonly view: string;
}
