// The demo's headless contract is a stable interface (CI and people script against it).
import { parseDemoArgs } from "./args";

test("the full headless contract parses", () => {
  const args = parseDemoArgs([
    "--once",
    "--count",
    "10",
    "--tasks",
    "title, description",
    "--locales=fr,de",
    "--report",
    "tmp/r.json",
    "--store-out",
    "tmp/s.jsonl",
    "--provider-url",
    "ollama=http://localhost:11434/v1/",
    "--provider-url",
    "openai=http://127.0.0.1:9999/v1",
  ]);
  expect(args).toEqual({
    once: true,
    count: 10,
    productsFile: undefined,
    tasks: ["title", "description"],
    locales: ["fr", "de"],
    reportFile: "tmp/r.json",
    storeOutFile: "tmp/s.jsonl",
    providerUrls: { ollama: "http://localhost:11434/v1/", openai: "http://127.0.0.1:9999/v1" },
    help: false,
  });
});

test("no arguments serve the interactive demo with the defaults", () => {
  const args = parseDemoArgs([]);
  expect(args.once).toBe(false);
  expect(args.count).toBeUndefined();
  expect(args.tasks).toBeUndefined();
  expect(args.providerUrls).toEqual({});
});

test("contradictory or malformed arguments are refused with a message", () => {
  expect(() => parseDemoArgs(["--once", "--count", "5", "--products", "c.jsonl"])).toThrow(/exclude each other/);
  expect(() => parseDemoArgs(["--count", "ten"])).toThrow(/whole number/);
  expect(() => parseDemoArgs(["--provider-url", "cohere=http://x"])).toThrow(/unknown provider kind/);
  expect(() => parseDemoArgs(["--provider-url", "openai"])).toThrow(/KIND=URL/);
  expect(() => parseDemoArgs(["--provider-url", "openai=file:///etc/passwd"])).toThrow(/http/);
  expect(() => parseDemoArgs(["--verbose"])).toThrow();
});
