// API types of webhooks (/api/v1/webhooks*), checked against the OpenAPI document's schemas of the same names by
// scripts/check-openapi.mjs.
import type { Id } from './types';

export type WebhookStatus = 'Actual' | 'Exercise' | 'Test';
export type WebhookScope = 'Public' | 'Restricted' | 'Private';
export type WebhookCoverage = 'unit' | 'subtree';
export type WebhookState = 'active' | 'paused';

export interface WebhookSettings {
  name?: string;
  url?: string;
  statuses?: WebhookStatus[];
  scopes?: WebhookScope[];
  coverage?: WebhookCoverage;
  state?: WebhookState;
}

export interface Webhook {
  id: Id;
  unit_id: Id;
  name: string;
  url: string;
  statuses: WebhookStatus[];
  scopes: WebhookScope[];
  coverage: WebhookCoverage;
  state: WebhookState;
  created_by: Id;
  created_at: string;
  updated_at: string;
  secret_rotated_at: string | null;
}

/** The answer to creating a webhook: the only time its secret is shown. */
export interface WebhookCreated extends Webhook {
  secret: string;
}

export interface WebhookDeliveryAttempt {
  attempted_at: string;
  http_status: number | null;
  error: string;
  duration_ms: number;
}

export interface WebhookDelivery {
  id: Id;
  endpoint_id: Id;
  message_id: string;
  event: 'alert' | 'ping';
  alert_id: Id | null;
  alert_identifier: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status: number | null;
  last_error: string;
  next_attempt_at: string | null;
  give_up_at: string;
  created_at: string;
  delivered_at: string | null;
  recent_attempts: WebhookDeliveryAttempt[];
}
