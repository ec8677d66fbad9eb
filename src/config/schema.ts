import { z } from "zod";

/**
 * `.github/incident-response.yml`: the one definition of every setting, its default and its
 * documentation. docs/configuration.md is generated from it (`npm run docs`) and a test keeps the
 * two in step.
 */

const labelName = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[^,]*$/, "a label name cannot contain a comma");

const minutes = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 60);

const timezone = z.string().refine(isTimeZone, "expected an IANA time zone such as Europe/Berlin");

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const Config = z
  .object({
    _extends: z
      .string()
      .optional()
      .describe("Inherit settings from another repository's file, as Probot's `_extends` does."),
    severityLabels: z
      .object({
        sev1: labelName
          .default("sev1")
          .describe("Label that declares a SEV1: outage / major security exposure / data loss risk."),
        sev2: labelName
          .default("sev2")
          .describe("Label that declares a SEV2: major degradation affecting many users."),
        sev3: labelName
          .default("sev3")
          .describe("Label that declares a SEV3: partial degradation / workaround exists."),
        sev4: labelName.default("sev4").describe("Label that declares a SEV4: minor issue / informational."),
      })
      .strict()
      .prefault({})
      .refine((labels) => new Set(Object.values(labels).map((l) => l.toLowerCase())).size === 4, {
        message: "each severity needs its own label",
      })
      .describe("Which labels declare an incident, and at which severity."),
    statusUpdates: z
      .object({
        everyMinutes: z
          .object({
            sev1: minutes.default(30).describe("Minutes between status updates for a SEV1."),
            sev2: minutes.default(60).describe("Minutes between status updates for a SEV2."),
            sev3: minutes.default(240).describe("Minutes between status updates for a SEV3."),
            sev4: minutes
              .default(0)
              .describe("Minutes between status updates for a SEV4 (0: none expected)."),
          })
          .strict()
          .prefault({})
          .describe("Status update cadence per severity; 0 means no updates are expected."),
      })
      .strict()
      .prefault({})
      .describe("When stakeholders expect the next status update."),
    timezone: timezone
      .default("UTC")
      .describe("IANA time zone shown beside UTC in what the app writes (UTC is always shown)."),
  })
  .strict();

export type Config = z.infer<typeof Config>;

/** Every default, as a repository without a configuration file gets them. */
export const DEFAULT_CONFIG: Config = Config.parse({});
