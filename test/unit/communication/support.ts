/**
 * Shared helpers for the communication tests (status cadence, reminders, templates, status
 * updates). Every instant is explicit: the functions under test are pure and take `now`.
 */
import { DEFAULT_CONFIG, type Config } from "../../../src/config/schema.js";
import type { IncidentState, StatusUpdate } from "../../../src/domain/incident-state.js";
import type { Severity } from "../../../src/domain/severity.js";
import { Templates, type TemplateName } from "../../../src/render/templates.js";
import { stateIn } from "../core/fixtures.js";

export const MINUTE = 60_000;
export const ZWJ = "\u200D";

/** ISO text of an instant, as the functions under test return it (`toISOString`). */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** An instant written compactly: `t("2026-11-26T14:05")` (seconds and `Z` added). */
export function t(local: string): number {
  const ms = Date.parse(`${local}:00Z`);
  if (Number.isNaN(ms)) throw new Error(`helper bug: bad instant ${local}`);
  return ms;
}

export type StatusSettings = Config["statusUpdates"];
export type QuietSettings = NonNullable<StatusSettings["quietHours"]>;

/** Quiet hours (for SEV3 and SEV4 unless said otherwise), typed as the configuration schema allows. */
export function quiet(
  from: string,
  to: string,
  severities: QuietSettings["severities"] = ["sev3", "sev4"],
): QuietSettings {
  return { from, to, severities };
}

/** The default status settings (30/60/240/0 minutes, nudge after 5) with some changed. */
export function settings(overrides: Partial<StatusSettings> = {}): StatusSettings {
  return { ...DEFAULT_CONFIG.statusUpdates, ...overrides };
}

/** A status update recorded at `at`. */
export function status(id: string, at: string, by = "carol"): StatusUpdate {
  return { id, text: "still rolling back", eta: null, impact: null, public: false, at, by };
}

/** An active incident of this severity declared at `declaredAt`, with optional overrides. */
export function declared(
  severity: Severity,
  declaredAt: string,
  overrides: Partial<IncidentState> = {},
): IncidentState {
  return stateIn("triage", { severity, declaredAt, updatedAt: declaredAt, ...overrides });
}

/**
 * Templates that also remember the last view each template was given, so a test can obtain the
 * views the real render functions build without rebuilding them by hand.
 */
export class RecordingTemplates extends Templates {
  readonly views = new Map<TemplateName, object>();

  override render(name: TemplateName, view: object): string {
    this.views.set(name, view);
    return super.render(name, view);
  }

  view(name: TemplateName): object {
    const view = this.views.get(name);
    if (!view) throw new Error(`helper bug: ${name} was never rendered`);
    return view;
  }
}
