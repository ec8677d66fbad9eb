import { execFileSync } from "node:child_process";

// Tests that start the app as `npm start` does run the built lib/: build it once, before any of them.
export default function globalSetup() {
  execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
}
