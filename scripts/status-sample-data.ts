import type { SiteData, SiteSettings } from "../src/domain/status-page/site-data.js";

/**
 * A small status site as of `now`: four components, one major outage in progress (three updates),
 * a partial outage resolved last week, and maintenance tomorrow. The browser test renders it, and
 * so does scripts/status-sample.ts for screenshots; every time is relative to `now`.
 */
export function sampleSite(now: string): { data: SiteData; settings: SiteSettings } {
  const at = (minutes: number) => new Date(Date.parse(now) + minutes * 60_000).toISOString();
  const HOUR = 60;
  const DAY = 24 * HOUR;
  const settings: SiteSettings = {
    title: "Acme status",
    logoUrl: null,
    timezone: "Europe/Berlin",
    components: [
      { name: "Website", description: "The shop's pages and the help centre" },
      { name: "API", description: "REST and GraphQL for partners" },
      { name: "Checkout", description: "Cart, payment and order confirmation" },
      { name: "Notifications", description: "Order emails and push notifications" },
    ],
  };
  const data: SiteData = {
    incidents: [
      {
        id: "acme/shop#42",
        slug: "acme-shop-42",
        title: "Checkout returns errors for customers in Europe",
        impact: "major",
        components: ["Checkout", "API"],
        status: "identified",
        startedAt: at(-55),
        resolvedAt: null,
        updates: [
          {
            at: at(-50),
            status: "investigating",
            text: "We are investigating failed payments at checkout for customers in Europe.",
          },
          {
            at: at(-32),
            status: "identified",
            text: "A configuration change to the payment gateway caused the errors. We are rolling it back.",
          },
          {
            at: at(-9),
            status: "identified",
            text: "The rollback is halfway done; some payments succeed again.\nNext update within 30 minutes.",
          },
        ],
      },
      {
        id: "acme/notify#17",
        slug: "acme-notify-17",
        title: "Delayed push notifications",
        impact: "partial",
        components: ["Notifications"],
        status: "resolved",
        startedAt: at(-6 * DAY - 3 * HOUR),
        resolvedAt: at(-6 * DAY - 45),
        updates: [
          {
            at: at(-6 * DAY - 3 * HOUR + 10),
            status: "investigating",
            text: "Push notifications arrive up to 20 minutes late.",
          },
          {
            at: at(-6 * DAY - 2 * HOUR),
            status: "monitoring",
            text: "A stuck queue worker was restarted; notifications are catching up.",
          },
          { at: at(-6 * DAY - 45), status: "resolved", text: "All delayed notifications were delivered." },
        ],
      },
    ],
    maintenance: [
      {
        id: "acme/infra#8",
        slug: "acme-infra-8",
        title: "Database upgrade",
        from: at(DAY),
        to: at(DAY + 2 * HOUR),
        text: "Checkout and the API may be slow for a few minutes during the switch-over.",
        components: ["API", "Checkout"],
      },
    ],
  };
  return { data, settings };
}
