import type { Maintenance, PublicIncident, SiteSettings } from "../../domain/status-page/site-data.js";
import {
  UPTIME_DAYS,
  inWindow,
  type ComponentUptime,
  type SiteState,
} from "../../domain/status-page/uptime.js";
import { between, formatDuration, formatTime } from "../../domain/time.js";
import { BANNER_WORDS, IMPACT_WORDS, PHASE_WORDS, STATE_WORDS } from "./words.js";

/**
 * The views the site's HTML templates get: everything already worded and formatted, because the
 * templates have no helpers beyond Handlebars' own. A repository's override sees the same views,
 * so their fields are the templates' interface (docs/status-json.md lists them).
 */

/** What every page needs; read from the data and settings once per site. */
export interface SiteContext {
  settings: SiteSettings;
  incidents: readonly PublicIncident[];
  maintenance: readonly Maintenance[];
  now: string;
  /** A valid IANA zone (UTC when the settings' one is not). */
  zone: string;
  uptimes: readonly ComponentUptime[];
  overall: SiteState;
  /** The logo's address, when it is an https one. */
  logo: string | null;
  /** Times already formatted: formatting builds an Intl formatter each time, the site's main cost. */
  formatted: Map<string, string>;
}

interface TimeView {
  iso: string;
  text: string;
}

/** Fields every page has: `root` leads from the page to the site's root ("" or "../"). */
interface PageView {
  root: string;
  site: { title: string; logo: string | null; zone: string; generated: TimeView };
}

function page(context: SiteContext, root: string): PageView {
  return {
    root,
    site: {
      title: context.settings.title,
      logo: context.logo,
      zone: context.zone,
      generated: time(context.now, context),
    },
  };
}

function time(iso: string, context: SiteContext): TimeView {
  let text = context.formatted.get(iso);
  if (text === undefined) {
    text = formatTime(iso, context.zone);
    context.formatted.set(iso, text);
  }
  return { iso, text };
}

const MONTH = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

function month(iso: string): { month: string; monthLabel: string } {
  const key = iso.slice(0, 7);
  return { month: key, monthLabel: MONTH.format(Date.parse(`${key}-01T00:00:00Z`)) };
}

function newestFirst(incidents: readonly PublicIncident[]): PublicIncident[] {
  return [...incidents].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
}

/** An incident as the index, its own page and the month pages show it. */
function incident(incident: PublicIncident, context: SiteContext, root: string) {
  const end = incident.resolvedAt ?? context.now;
  return {
    title: incident.title,
    href: `${root}incidents/${incident.slug}.html`,
    impact: incident.impact,
    impactText: IMPACT_WORDS[incident.impact],
    status: incident.status,
    statusText: PHASE_WORDS[incident.status],
    componentsText: incident.components.join(", "),
    started: time(incident.startedAt, context),
    resolved: incident.resolvedAt === null ? null : time(incident.resolvedAt, context),
    duration: formatDuration(between(incident.startedAt, end)),
    ...month(incident.startedAt),
    updates: [...incident.updates]
      .map((update, index) => ({ update, index }))
      // Newest first; updates posted in the same instant keep the order they were posted in.
      .sort((a, b) => Date.parse(b.update.at) - Date.parse(a.update.at) || b.index - a.index)
      .map(({ update }) => ({
        at: time(update.at, context),
        status: update.status,
        statusText: PHASE_WORDS[update.status],
        text: update.text,
      })),
  };
}

/** "2026-05-03: major outage 1h 5m, partial outage 20m", the text of one cell of a bar. */
function dayText(day: ComponentUptime["days"][number]): string {
  const parts = (["major", "partial", "degraded"] as const)
    .filter((outage) => day.minutes[outage] > 0)
    .map((outage) => `${IMPACT_WORDS[outage].toLowerCase()} ${formatDuration(day.minutes[outage] * 60_000)}`);
  if (parts.length > 0) return `${day.date}: ${parts.join(", ")}`;
  return `${day.date}: ${day.worst === "none" ? "no downtime" : IMPACT_WORDS[day.worst].toLowerCase()}`;
}

/** Uptime as shown and published: two decimals, rounded down so that any downtime shows. */
export function uptimePercent(uptime: number): number {
  return Math.floor(uptime * 100) / 100;
}

export function indexView(context: SiteContext) {
  const nowMs = Date.parse(context.now);
  return {
    ...page(context, ""),
    banner: { state: context.overall, text: BANNER_WORDS[context.overall] },
    days: UPTIME_DAYS,
    components: context.settings.components.map((component, index) => {
      const uptime = context.uptimes[index]!;
      return {
        name: component.name,
        description: component.description,
        state: uptime.state,
        stateText: STATE_WORDS[uptime.state],
        uptime: uptimePercent(uptime.uptime).toFixed(2),
        days: uptime.days.map((day) => ({ date: day.date, worst: day.worst, text: dayText(day) })),
      };
    }),
    active: newestFirst(context.incidents.filter((i) => i.resolvedAt === null)).map((i) =>
      incident(i, context, ""),
    ),
    maintenance: [...context.maintenance]
      .filter((window) => Date.parse(window.to) > nowMs)
      .sort((a, b) => Date.parse(a.from) - Date.parse(b.from))
      .map((window) => ({
        title: window.title,
        text: window.text,
        componentsText: window.components.join(", "),
        inProgress: inWindow(window, nowMs),
        stateText: inWindow(window, nowMs) ? "In progress" : "Scheduled",
        from: time(window.from, context),
        to: time(window.to, context),
      })),
  };
}

export function incidentPageView(subject: PublicIncident, context: SiteContext) {
  return { ...page(context, "../"), incident: incident(subject, context, "../") };
}

/** The months that had incidents (by their start, in UTC), newest first. */
function months(context: SiteContext): Map<string, PublicIncident[]> {
  const byMonth = new Map<string, PublicIncident[]>();
  for (const i of newestFirst(context.incidents)) {
    const key = i.startedAt.slice(0, 7);
    byMonth.set(key, [...(byMonth.get(key) ?? []), i]);
  }
  return byMonth;
}

function count(n: number): string {
  return n === 1 ? "1 incident" : `${n} incidents`;
}

export function historyView(context: SiteContext) {
  return {
    ...page(context, "../"),
    months: [...months(context)].map(([key, incidents]) => ({
      ...month(`${key}-01`),
      href: `${key}.html`,
      countText: count(incidents.length),
    })),
  };
}

/** One page per month of the history: its key (`YYYY-MM`) and its view. */
export function monthViews(context: SiteContext): Array<{ month: string; view: object }> {
  const all = [...months(context)];
  const link = (entry: [string, PublicIncident[]] | undefined) =>
    entry ? { href: `${entry[0]}.html`, label: month(`${entry[0]}-01`).monthLabel } : null;
  return all.map(([key, incidents], index) => ({
    month: key,
    view: {
      ...page(context, "../"),
      ...month(`${key}-01`),
      countText: count(incidents.length),
      incidents: incidents.map((i) => incident(i, context, "../")),
      newer: link(all[index - 1]),
      older: link(all[index + 1]),
    },
  }));
}
