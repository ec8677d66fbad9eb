// A Probot app that does nothing: the bench's baseline for webhook response time.
import { run } from "probot";

await run(() => undefined);
