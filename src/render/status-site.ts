import type { SiteData, SiteSettings } from "../domain/status-page/site-data.js";
import { componentUptime, overallState } from "../domain/status-page/uptime.js";
import { feedView } from "./status-site/feed-view.js";
import {
  historyView,
  incidentPageView,
  indexView,
  monthViews,
  type SiteContext,
} from "./status-site/page-views.js";
import { printable } from "./status-site/printable.js";
import {
  SITE_TEMPLATE_NAMES,
  SiteTemplates,
  isSiteTemplateName,
  siteStylesheet,
  type SiteTemplateName,
} from "./status-site/site-templates.js";
import { statusJson } from "./status-site/status-json.js";

export interface SiteInput {
  data: SiteData;
  settings: SiteSettings;
  now: string;
  /** A repository's own templates, by name (`index.html`, `feed.atom`...): see SITE_TEMPLATE_NAMES. */
  overrides?: ReadonlyMap<string, string>;
}

export interface RenderedSite {
  /** Path from the site's root (`index.html`, `incidents/acme-shop-42.html`...) to content. */
  files: Map<string, string>;
  /** Overrides that were not used, and why; the built-in template rendered instead. */
  problems: Array<{ template: string; problem: string }>;
}

/**
 * The whole static site: pages, stylesheet, Atom feed and status.json. Pure but for reading the
 * built-in templates. Every link is relative, so the site works under any path; no page has a
 * script, and every value is escaped by the templates (HTML in pages, XML in the feed).
 */
export function renderSite(input: SiteInput): RenderedSite {
  const problems: RenderedSite["problems"] = [];
  const sources = new Map<SiteTemplateName, string>();
  for (const [name, source] of input.overrides ?? []) {
    if (isSiteTemplateName(name)) sources.set(name, source);
    else
      problems.push({
        template: name,
        problem: `there is no such template; the status page has ${SITE_TEMPLATE_NAMES.join(", ")}`,
      });
  }
  const templates = new SiteTemplates(sources);

  // Cleared of characters no page can carry; status.json keeps the data as it is (JSON escapes them).
  const data = printable(input.data);
  const settings = printable(input.settings);
  const { now } = input;
  const context: SiteContext = {
    settings,
    incidents: data.incidents,
    maintenance: data.maintenance,
    now,
    zone: knownZone(settings.timezone),
    uptimes: settings.components.map((component) =>
      componentUptime(component.name, data.incidents, data.maintenance, now),
    ),
    overall: overallState(data.incidents, data.maintenance, now),
    logo: httpsUrl(settings.logoUrl),
    formatted: new Map(),
  };

  const files = new Map<string, string>();
  files.set("index.html", templates.render("index.html", indexView(context)));
  for (const incident of data.incidents)
    files.set(
      `incidents/${incident.slug}.html`,
      templates.render("incident.html", incidentPageView(incident, context)),
    );
  files.set("history/index.html", templates.render("history.html", historyView(context)));
  for (const { month, view } of monthViews(context))
    files.set(`history/${month}.html`, templates.render("month.html", view));
  files.set("feed.atom", templates.render("feed.atom", feedView(settings.title, data.incidents, now)));
  files.set("style.css", siteStylesheet());
  files.set(
    "status.json",
    statusJson({
      data: input.data,
      settings: input.settings,
      now,
      overall: context.overall,
      uptimes: context.uptimes,
    }),
  );
  for (const { template, problem } of templates.problems) problems.push({ template, problem });
  return { files, problems };
}

function knownZone(zone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone;
  } catch {
    return "UTC";
  }
}

/** Only an https address is shown: anything else would load over plain HTTP or run as a URL scheme. */
function httpsUrl(url: string | null): string | null {
  if (url === null || !/^https:\/\/[^\s"'<>]+$/.test(url)) return null;
  try {
    return new URL(url).protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}
