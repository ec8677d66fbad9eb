import { z } from "zod";
import { LOGIN_SOURCE } from "../login.js";
import type { Maintenance, PublicIncident, SiteData } from "./site-data.js";

/**
 * The stored part of `status.json`, read back from the Pages branch before each publish. Anyone
 * who can push to that branch can edit the file, so it is validated as strictly as input from a
 * stranger: every list and string is bounded, ids and slugs follow the only shape the app writes
 * (a slug becomes a file name), and times are the `Z` form the app writes and slices.
 */
export const SITE_LIMITS = {
  /** Characters of the whole file: far above what retain() keeps, far below a costly parse. */
  file: 10_000_000,
  incidents: 1000,
  maintenance: 200,
  updatesPerIncident: 200,
  componentsPerItem: 50,
  componentName: 100,
  title: 200,
  text: 5000,
  slug: 200,
} as const;

/** What retain() keeps: well under what parseSiteData accepts, so a kept site always reads back. */
export const RETENTION = {
  incidents: 500,
  resolvedDays: 365,
  maintenanceDays: 30,
} as const;

const DAY = 86_400_000;

/** `owner/repo#number`, with GitHub's rules for both names (never `.` or `..` as a repository). */
const ID = new RegExp(`^${LOGIN_SOURCE}/(?!\\.{1,2}#)[A-Za-z0-9._-]{1,100}#[1-9]\\d{0,9}$`);
/** A file name stem: never hidden, never a path. */
const SLUG = /^[a-z0-9][a-z0-9._-]*$/;

const id = z.string().regex(ID, "expected owner/repo#number");
const slug = z.string().max(SITE_LIMITS.slug).regex(SLUG, "expected lowercase letters, digits, . _ -");
const title = z.string().max(SITE_LIMITS.title);
const text = z.string().max(SITE_LIMITS.text);
const instant = z.iso.datetime();
const components = z
  .array(z.string().min(1).max(SITE_LIMITS.componentName))
  .max(SITE_LIMITS.componentsPerItem);
const phase = z.enum(["investigating", "identified", "monitoring", "resolved"]);

const PublicUpdate = z.object({ at: instant, status: phase, text });

const PublicIncident = z.object({
  id,
  slug,
  title,
  impact: z.enum(["major", "partial", "degraded", "none"]),
  components,
  status: phase,
  startedAt: instant,
  resolvedAt: instant.nullable(),
  updates: z.array(PublicUpdate).max(SITE_LIMITS.updatesPerIncident),
});

const Maintenance = z.object({ id, slug, title, from: instant, to: instant, text, components });

/** Only the stored lists; the derived fields beside them (status, components...) are rebuilt. */
const StoredSite = z
  .object({
    incidents: z.array(PublicIncident).max(SITE_LIMITS.incidents),
    maintenance: z.array(Maintenance).max(SITE_LIMITS.maintenance),
  })
  .superRefine((site, context) => {
    // Two entries with one slug would write one page over the other; two with one id would make
    // "replace by id" ambiguous.
    for (const [list, items] of [
      ["incidents", site.incidents],
      ["maintenance", site.maintenance],
    ] as const) {
      const seen = { id: new Set<string>(), slug: new Set<string>() };
      items.forEach((item, index) => {
        for (const key of ["id", "slug"] as const) {
          if (seen[key].has(item[key]))
            context.addIssue({ code: "custom", path: [list, index, key], message: `duplicate ${key}` });
          seen[key].add(item[key]);
        }
      });
    }
  });

export type ParsedSite = { ok: true; data: SiteData } | { ok: false; problem: string };

/** Reads a published `status.json`; no file yet is an empty site. */
export function parseSiteData(text: string | null): ParsedSite {
  if (text === null) return { ok: true, data: { incidents: [], maintenance: [] } };
  if (text.length > SITE_LIMITS.file)
    return { ok: false, problem: `status.json is over ${SITE_LIMITS.file} characters` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `status.json is not JSON: ${short(error)}` };
  }
  const parsed = StoredSite.safeParse(json);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.map(String).join(".");
  return {
    ok: false,
    problem: `status.json is not what the app wrote: ${where ? `${where}: ` : ""}${issue.message.slice(0, 200)}`,
  };
}

function short(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 200);
}

/** Adds the incident, or replaces the one with its id; newest start first. */
export function upsertIncident(data: SiteData, incident: PublicIncident): SiteData {
  return {
    ...data,
    incidents: sortedBy(replace(data.incidents, fitIncident(incident)), (i) => -Date.parse(i.startedAt)),
  };
}

/** Adds the window, or replaces the one with its id; soonest start first. */
export function upsertMaintenance(data: SiteData, maintenance: Maintenance): SiteData {
  return {
    ...data,
    maintenance: sortedBy(replace(data.maintenance, fitMaintenance(maintenance)), (m) => Date.parse(m.from)),
  };
}

export function removeMaintenance(data: SiteData, id: string): SiteData {
  return { ...data, maintenance: data.maintenance.filter((m) => m.id !== id) };
}

/**
 * What the site keeps as of `now`: every unresolved incident, resolved ones for a year, and
 * maintenance until a month after it ended; past the caps the oldest go first (resolved incidents
 * before unresolved ones).
 */
export function retain(data: SiteData, now: string): SiteData {
  const nowMs = Date.parse(now);
  const resolvedSince = nowMs - RETENTION.resolvedDays * DAY;
  const endedSince = nowMs - RETENTION.maintenanceDays * DAY;
  const kept = data.incidents.filter(
    (i) => i.resolvedAt === null || Date.parse(i.resolvedAt) >= resolvedSince,
  );
  // Least worth keeping first: resolved before unresolved, each the longest ago first.
  const dropOrder = [
    ...sortedBy(
      kept.filter((i) => i.resolvedAt !== null),
      (i) => Date.parse(i.resolvedAt!),
    ),
    ...sortedBy(
      kept.filter((i) => i.resolvedAt === null),
      (i) => Date.parse(i.startedAt),
    ),
  ];
  const dropped = new Set(dropOrder.slice(0, Math.max(0, kept.length - RETENTION.incidents)));
  const maintenance = data.maintenance.filter((m) => Date.parse(m.to) >= endedSince);
  const endOrder = sortedBy(maintenance, (m) => Date.parse(m.to));
  const ended = new Set(endOrder.slice(0, Math.max(0, maintenance.length - SITE_LIMITS.maintenance)));
  return {
    incidents: kept.filter((i) => !dropped.has(i)),
    maintenance: maintenance.filter((m) => !ended.has(m)),
  };
}

function replace<T extends { id: string }>(list: readonly T[], item: T): T[] {
  const at = list.findIndex((existing) => existing.id === item.id);
  return at < 0 ? [...list, item] : list.map((existing, index) => (index === at ? item : existing));
}

/** A stable sort (ties keep their order), by a number that NaN-proofs itself to last. */
function sortedBy<T>(list: readonly T[], key: (item: T) => number): T[] {
  const keyed = list.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => (Number.isNaN(a.key) ? 1 : 0) - (Number.isNaN(b.key) ? 1 : 0) || a.key - b.key);
  return keyed.map(({ item }) => item);
}

/**
 * Cut to what parseSiteData accepts, so whatever the app writes it can read back: the texts were
 * redacted before they got here, so cutting them hides nothing that was safe to show.
 */
function fitIncident(incident: PublicIncident): PublicIncident {
  return {
    ...incident,
    title: cut(incident.title, SITE_LIMITS.title),
    components: fitComponents(incident.components),
    updates: incident.updates
      .slice(-SITE_LIMITS.updatesPerIncident)
      .map((update) => ({ ...update, text: cut(update.text, SITE_LIMITS.text) })),
  };
}

function fitMaintenance(maintenance: Maintenance): Maintenance {
  return {
    ...maintenance,
    title: cut(maintenance.title, SITE_LIMITS.title),
    text: cut(maintenance.text, SITE_LIMITS.text),
    components: fitComponents(maintenance.components),
  };
}

function fitComponents(names: readonly string[]): string[] {
  return names
    .filter((name) => name.length > 0)
    .map((name) => cut(name, SITE_LIMITS.componentName))
    .slice(0, SITE_LIMITS.componentsPerItem);
}

function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  // Never split a surrogate pair: half of one is not text.
  const end = /[\uD800-\uDBFF]/.test(value[max - 2] ?? "") ? max - 2 : max - 1;
  return `${value.slice(0, end)}…`;
}
