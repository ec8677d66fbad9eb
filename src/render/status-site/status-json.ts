import type { SiteData, SiteSettings } from "../../domain/status-page/site-data.js";
import type { ComponentUptime, SiteState } from "../../domain/status-page/uptime.js";
import { uptimePercent } from "./page-views.js";
import { BANNER_WORDS, COMPONENT_STATUS, INDICATOR } from "./words.js";

/**
 * The machine-readable site (docs/status-json.md). `incidents` and `maintenance` are the stored
 * data exactly, as parseSiteData reads them back; the rest is derived and rebuilt on each publish.
 */
export function statusJson(input: {
  data: SiteData;
  settings: SiteSettings;
  now: string;
  overall: SiteState;
  uptimes: readonly ComponentUptime[];
}): string {
  const { data, settings, now, overall, uptimes } = input;
  const json = {
    schemaVersion: 1,
    generatedAt: now,
    page: { title: settings.title },
    status: { indicator: INDICATOR[overall], description: BANNER_WORDS[overall] },
    components: settings.components.map((component, index) => ({
      name: component.name,
      description: component.description,
      status: COMPONENT_STATUS[uptimes[index]!.state],
      uptime90d: uptimePercent(uptimes[index]!.uptime),
    })),
    incidents: data.incidents,
    maintenance: data.maintenance,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
