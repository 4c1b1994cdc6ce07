// Runs before every test file (vitest.config.ts setupFiles): the temporary directories the file's tests
// made with tempDir are removed once the file is done, so that repeated runs do not fill /tmp.
import { afterAll } from "vitest";
import { removeTempDirs } from "./run-cli.js";

afterAll(removeTempDirs);
