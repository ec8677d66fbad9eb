import { dispatchEffect } from "./dispatch.js";
import type { Effect } from "./effect.js";
import { evidenceEffect } from "./evidence.js";
import { HANDOFF_EFFECTS } from "./handoff.js";
import { maintenanceEffect, statusPageEffect } from "./status-page.js";
import { notifyEffect } from "./notify.js";
import { dismissEffect } from "./dismiss.js";
import { PRIVATE_EFFECTS } from "./private.js";

/** Every effect of a recorded event, in the order each event's effects run. */
export const EFFECTS: readonly Effect[] = [
  // First: a private incident is known to be one before anything is told or published.
  ...PRIVATE_EFFECTS,
  evidenceEffect,
  dispatchEffect,
  ...HANDOFF_EFFECTS,
  statusPageEffect,
  maintenanceEffect,
  notifyEffect,
  dismissEffect,
];
