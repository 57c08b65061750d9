// Calls of the webhooks screen. The server decides who may do what; these only carry the requests.
import { api, itemsOf } from '../../shared/api';
import type { Id } from '../../shared/types';
import type { Webhook, WebhookCreated, WebhookDelivery, WebhookSettings } from '../../shared/webhookTypes';

export async function listWebhooks(unitId: Id, signal?: AbortSignal): Promise<Webhook[]> {
  return itemsOf(await api.get<{ items: Webhook[] }>('/webhooks', { query: { unit_id: unitId }, signal }));
}

export function createWebhook(unitId: Id, settings: WebhookSettings): Promise<WebhookCreated> {
  return api.post<WebhookCreated>('/webhooks', { unit_id: unitId, ...settings });
}

export function updateWebhook(id: Id, settings: WebhookSettings): Promise<Webhook> {
  return api.patch<Webhook>(`/webhooks/${id}`, settings);
}

export function deleteWebhook(id: Id): Promise<void> {
  return api.delete(`/webhooks/${id}`);
}

export function rotateSecret(id: Id): Promise<{ secret: string }> {
  return api.post<{ secret: string }>(`/webhooks/${id}/rotate-secret`, {});
}

export function pingWebhook(id: Id): Promise<WebhookDelivery> {
  return api.post<WebhookDelivery>(`/webhooks/${id}/ping`, {});
}

export async function listDeliveries(id: Id, signal?: AbortSignal): Promise<WebhookDelivery[]> {
  return itemsOf(await api.get<{ items: WebhookDelivery[] }>(`/webhooks/${id}/deliveries`, { query: { limit: 20 }, signal }));
}
