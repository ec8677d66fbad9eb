/** What marks every output of a drill (`/declare sev2 drill`), so nobody takes it for the real thing. */
export const DRILL_MARK = "🧪 **DRILL**";
