import type { DeliveryLog } from "./port.js";
import type { Octokit } from "./rest.js";

/** The cursor GitHub puts in the `Link` header's next page. */
function nextCursor(link: string | undefined): string | null {
  const next = link?.split(",").find((part) => /rel="next"/.test(part));
  const url = next ? /<([^>]+)>/.exec(next)?.[1] : undefined;
  return url ? new URL(url).searchParams.get("cursor") : null;
}

export function deliveryLog(octokit: Octokit): DeliveryLog {
  return {
    async page(cursor) {
      const response = await octokit.rest.apps.listWebhookDeliveries({
        per_page: 100,
        ...(cursor ? { cursor } : {}),
      });
      return {
        attempts: response.data.map((d) => ({
          id: d.id,
          guid: d.guid,
          deliveredAt: d.delivered_at,
          statusCode: d.status_code,
          event: d.event,
          action: d.action ?? null,
        })),
        next: nextCursor(response.headers.link),
      };
    },
    async redeliver(id) {
      await octokit.rest.apps.redeliverWebhookDelivery({ delivery_id: id });
    },
  };
}
